// The start of every lab program: its config from argv, a JSON-lines reporter, and a hard
// lifetime so that a program outlives a killed tcpdoc only for a bounded time.
// Programs run as `node -e SOURCE NAME CONFIG`, so argv[2] is the config.
export const PROGRAM_PRELUDE = `
'use strict';
const net = require('node:net');
const cfg = JSON.parse(process.argv[2]);
const emit = (event, numbers) => process.stdout.write(JSON.stringify({ event, ...numbers }) + '\\n');
setTimeout(() => process.exit(0), cfg.lifetimeMs);
process.on('SIGPIPE', () => {});
`;
