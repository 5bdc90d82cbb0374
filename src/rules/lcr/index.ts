// Least-cost routing tables: their entries, the window syntax, selection and the rule leg.
export * from './entry.js';
export * from './expander.js';
export * from './select.js';
export * from './window.js';
