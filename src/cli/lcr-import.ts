// Moved to src/app/ so the admin API shares it; kept here for the commands' imports.
export * from '../app/lcr-import.js';
