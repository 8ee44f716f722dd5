import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatInstallHint } from './install-hint.js';

test('missing tools name the Debian package that carries them', () => {
  assert.match(formatInstallHint('ip'), /apt-get install iproute2\b/);
  assert.match(formatInstallHint('sysctl'), /apt-get install procps\b/);
  assert.match(formatInstallHint('iptables'), /apt-get install iptables\b/);
  // Not a repository script: users of an installed tcpdoc do not have one.
  assert.doesNotMatch(formatInstallHint('iptables'), /scripts\//);
});
