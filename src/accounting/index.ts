export * from './handle.js';
export * from './leg-event.js';
