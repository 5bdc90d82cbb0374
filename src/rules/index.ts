export * from './call-context.js';
export * from './client-fit.js';
export * from './compiled.js';
export * from './engine.js';
export * from './facts.js';
export * from './holder.js';
export * from './load.js';
export * from './no-rules-warning.js';
export { ruleJsonSchema, ruleFileSchema } from './schema.js';
