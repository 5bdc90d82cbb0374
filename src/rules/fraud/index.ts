export * from './classes.js';
export * from './thresholds.js';
export * from './uk-preset.js';
export * from './assess.js';
export * from './rule-reads.js';
