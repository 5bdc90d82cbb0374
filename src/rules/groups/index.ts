export * from './expand.js';
export * from './group.js';
export * from './leg.js';
