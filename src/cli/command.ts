// The contract every command module implements; main.ts loads only the one asked for.
import type { CliIo } from './io.js';

export interface Command {
  // Full --help text: usage line, description, every option, examples.
  help: string;
  // Runs the command; resolves to the process exit code.
  run: (argv: string[], io: CliIo) => Promise<number>;
}
