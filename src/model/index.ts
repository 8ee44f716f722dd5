// Shared types, re-exported for the library surface.
export * from './tcp-state.js';
export * from './socket.js';
export * from './tcp-info.js';
export * from './errors.js';
