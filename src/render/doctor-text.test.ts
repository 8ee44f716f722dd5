import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDoctorText } from './doctor-text.js';
import { makePalette } from './color.js';
import type { Finding } from '../model/finding.js';

const ctx = { namespace: null, kernelRelease: '6.18.0', windowMs: 2000, time: '2026-11-26T00:00:00.000Z', notes: ['a note'] };
const numbers = [{ label: { en: 'TCP sockets', zh: 'TCP 套接字' }, value: 12 }];
const info: Finding = {
  id: 'half-open-risk',
  severity: 'info',
  title: { en: 'idle connections without keepalive', zh: '没有保活的空闲连接' },
  subject: null,
  evidence: [{ label: { en: 'connections', zh: '连接' }, value: 3, port: 8080 }],
  explanation: { en: 'because', zh: '因为' },
  fixes: [{ text: { en: 'turn on keepalive', zh: '开启保活' }, commands: ['sysctl net.ipv4.tcp_keepalive_time'] }],
  related: ['state:ESTABLISHED'],
};

test('a host with no findings is all clear with its key numbers', () => {
  const text = formatDoctorText([], { allClear: true, counts: { critical: 0, warning: 0, info: 0 }, numbers } as never, ctx, 'en', makePalette(false));
  assert.match(text, /All clear: no TCP problem found\./);
  assert.match(text, /TCP sockets 12/);
  assert.match(text, /a note/);
});

test('informational findings are not called "all clear" without saying there are notes', () => {
  const text = formatDoctorText([info], { allClear: true, counts: { critical: 0, warning: 0, info: 1 }, numbers } as never, ctx, 'en', makePalette(false));
  assert.match(text, /No TCP problem found; informational notes below\./);
  assert.match(text, /INFO +idle connections without keepalive/);
  assert.match(text, /turn on keepalive/);
});

test('Chinese output uses the Chinese texts', () => {
  const text = formatDoctorText([info], { allClear: true, counts: { critical: 0, warning: 0, info: 1 }, numbers } as never, ctx, 'zh', makePalette(false));
  assert.match(text, /没有发现 TCP 问题；下面是提示信息。/);
  assert.match(text, /开启保活/);
});
