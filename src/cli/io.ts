// What a command may touch: its output streams, environment and clock, passed in so tests can run commands in-process.

export interface CliIo {
  // Bytes are UTF-8 text handed over as is (large outputs skip a string round trip); the caller must not reuse them.
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  // Whether stdout is a terminal (tables, colour, in-place refresh).
  isTTY: boolean;
  columns: number;
  env: NodeJS.ProcessEnv;
  now: () => number;
  // Resolves when the user asks to stop (Ctrl-C); used by --watch and live modes.
  onInterrupt: (handler: () => void) => () => void;
}

// The real process streams.
export function makeProcessIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 120,
    env: process.env,
    now: () => Date.now(),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

// An in-memory io for tests: collects output in strings.
export function makeBufferIo(options: { isTTY?: boolean; env?: NodeJS.ProcessEnv; now?: () => number } = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
    },
    stderr: (text) => {
      err += text;
    },
    isTTY: options.isTTY ?? false,
    columns: 120,
    env: options.env ?? {},
    now: options.now ?? (() => Date.now()),
    onInterrupt: () => () => {},
    out: () => out,
    err: () => err,
  };
}
