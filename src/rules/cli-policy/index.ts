export * from './apply.js';
export * from './presented-number.js';
export * from './uk-ofcom.js';
