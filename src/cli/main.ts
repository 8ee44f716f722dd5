#!/usr/bin/env node
// tcpdoc's entry point: picks a command, loads only its module, maps errors to exit codes.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS, findCommand } from './registry.js';
import { makeProcessIo, type CliIo } from './io.js';
import { TcpdocError, EXIT, exitCodeFromError } from '../model/errors.js';
import { readVersion } from './version.js';

// Top-level help: every command with its summary.
export function formatMainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `tcpdoc - a TCP connection doctor for Linux

Usage: tcpdoc COMMAND [OPTIONS]

Commands:
${lines.join('\n')}

Options:
  -h, --help     show this help, or a command's help with 'tcpdoc COMMAND --help'
  -V, --version  print the version

Every command takes --json for machine-readable output (schemas in docs/json.md).
Exit codes: 0 fine, 1 findings at or above --fail-on (or nothing found), 2 usage error
(also a file, namespace or process that does not exist, or input that cannot be read),
3 environment error (missing permission, missing tool, unsupported kernel).
`;
}

// Runs tcpdoc with argv (without node and script); resolves to the exit code.
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    if (name === 'help' && rest[0] !== undefined) return main([rest[0], '--help'], io);
    // Asked for, help is the output; without a command it explains a usage error, so it goes to stderr.
    if (name === undefined) {
      io.stderr(formatMainHelp());
      return EXIT.usage;
    }
    io.stdout(formatMainHelp());
    return EXIT.ok;
  }
  if (name === '-V' || name === '--version') {
    io.stdout(`tcpdoc ${readVersion()}\n`);
    return EXIT.ok;
  }
  const entry = findCommand(name);
  if (entry === undefined) {
    io.stderr(`tcpdoc: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\nRun 'tcpdoc --help' for details.\n`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

// Prints an error the way a user can act on it; unexpected errors keep their stack.
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof TcpdocError) {
    io.stderr(`tcpdoc: ${error.message}\n`);
    if (error.hint !== undefined) io.stderr(`${error.hint}\n`);
    return exitCodeFromError(error.code);
  }
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'EPIPE') return EXIT.ok;
  io.stderr(`tcpdoc: unexpected error: ${err?.stack ?? String(error)}\nThis is a bug in tcpdoc; please report it with the command you ran.\n`);
  return EXIT.environment;
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  // A closed pipe (tcpdoc ls | head) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
  });
  main(process.argv.slice(2), makeProcessIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(error, makeProcessIo());
    },
  );
}
