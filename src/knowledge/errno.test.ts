import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { ERRNO_ENTRIES } from './errno.js';
import { LINUX_ERRNO } from './errno-table.js';

const byName = new Map<string, number>();
for (const row of LINUX_ERRNO) {
  byName.set(row.name, row.linux);
  for (const a of row.aliases ?? []) byName.set(a, row.linux);
}

// tcpdoc is Linux-only (package.json "os"), so these run against a Linux Node.
test('Linux errno numbers agree with os.constants.errno on this machine', () => {
  assert.equal(process.platform, 'linux', 'the table holds Linux numbers');
  for (const [name, value] of Object.entries(constants.errno)) {
    assert.equal(byName.get(name), value, `${name}: table ${byName.get(name)} vs os.constants ${value}`);
  }
});

test('Linux errno numbers agree with util.getSystemErrorMap() on this machine', () => {
  assert.equal(process.platform, 'linux', 'the table holds Linux numbers');
  let checked = 0;
  for (const [code, [name]] of getSystemErrorMap()) {
    // Codes at or below -3000 are libuv's own (EAI_*, EOF, ECHARSET...), not kernel errnos.
    if (code <= -3000) continue;
    assert.equal(byName.get(name), -code, `${name}: table ${byName.get(name)} vs libuv ${code}`);
    checked++;
  }
  assert.ok(checked > 50, `only ${checked} codes checked`);
});

test('the table is dense: every number 1..133 except the unused 41 and 58', () => {
  const numbers = new Set(LINUX_ERRNO.map((r) => r.linux));
  for (let n = 1; n <= 133; n++) assert.equal(numbers.has(n), n !== 41 && n !== 58, `errno ${n}`);
});

test('platform numbers: macOS and libuv on Windows differ from Linux for ECONNRESET', () => {
  const e = ERRNO_ENTRIES.find((x) => x.name === 'ECONNRESET');
  assert.deepEqual(e?.numbers, { linux: 104, darwin: 54, libuvWindows: -4077, wsa: 10054 });
  const etimedout = ERRNO_ENTRIES.find((x) => x.name === 'ETIMEDOUT');
  assert.equal(etimedout?.numbers.darwin, 60);
  assert.equal(etimedout?.numbers.libuvWindows, -4039);
});
