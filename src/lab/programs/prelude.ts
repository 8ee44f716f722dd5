// The start of every lab program: its config from argv, a JSON-lines reporter, and two ends:
// a hard lifetime, and the moment tcpdoc stops reading (it was killed), within a report period.
// Programs run as `node -e SOURCE NAME CONFIG`, so argv[2] is the config.
export const PROGRAM_PRELUDE = `
'use strict';
const net = require('node:net');
const cfg = JSON.parse(process.argv[2]);
const emit = (event, numbers) => process.stdout.write(JSON.stringify({ event, ...numbers }) + '\\n');
setTimeout(() => process.exit(0), cfg.lifetimeMs);
// tcpdoc reads our stdout; when it dies (even by SIGKILL) the next report fails with EPIPE and we go too.
process.stdout.on('error', () => process.exit(0));
`;
