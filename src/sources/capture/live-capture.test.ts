import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpdocError } from '../../model/errors.js';
import { collectSink } from '../../wire/capture/capture-builders.test.helper.js';
import { buildTcpdumpArgs, classifyTcpdumpError, runLiveCapture } from './live-capture.js';

test('tcpdump arguments: interface, packet-buffered pcap to stdout, snaplen, filter after --', () => {
  assert.deepEqual(buildTcpdumpArgs({ interface: 'eth0' }), ['-i', 'eth0', '-U', '-w', '-']);
  assert.deepEqual(buildTcpdumpArgs({ interface: 'any', snaplen: 128, filter: ['tcp', 'port', '443'] }), ['-i', 'any', '-U', '-w', '-', '-s', '128', '--', 'tcp', 'port', '443']);
});

test("tcpdump's stderr messages map to error codes with hints", () => {
  const cases: [string, string][] = [
    ['tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)', 'NOT_FOUND'],
    ['tcpdump: syntax error in filter expression: syntax error', 'BAD_FILTER'],
    ["tcpdump: can't parse filter expression: syntax error", 'BAD_FILTER'],
    ["tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)", 'NO_PERMISSION'],
    ['tcpdump: something else went wrong', 'BAD_INPUT'],
  ];
  for (const [stderr, code] of cases) {
    const error = classifyTcpdumpError(stderr, 'eth0');
    assert.equal(error.code, code, stderr);
    assert.ok((error.hint ?? '').length > 10);
  }
});

test('a missing tcpdump is MISSING_TOOL telling how to install it', async () => {
  await assert.rejects(
    runLiveCapture({ interface: 'lo', sink: collectSink(), command: ['/nonexistent/tcpdoc-test/tcpdump'] }),
    (e: unknown) => e instanceof TcpdocError && e.code === 'MISSING_TOOL' && /apt-get install tcpdump/.test(e.hint ?? ''),
  );
});

test('an already aborted signal starts nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await runLiveCapture({ interface: 'lo', sink: collectSink(), signal: controller.signal, command: ['/nonexistent/tcpdump'] });
  assert.equal(result.aborted, true);
  assert.equal(result.frames, 0);
});
