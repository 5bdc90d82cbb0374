export * from './handle.js';
export * from './keep.js';
export * from './leg-event.js';
export * from './write.js';
export * from './deployment-warnings.js';
export { Journal, JournalFullError, type JournalObserver } from './journal/journal.js';
export { JournalReplayer } from './journal/replayer.js';
export * from './fax.js';
