// Argument parsing on top of node:util parseArgs, turning its errors into usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TcpdocError } from '../model/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

// Parse argv strictly; unknown options and missing values become usage errors that say what to type instead.
// `unknownHints` maps options people try from other commands or tools (without dashes) to what to write here.
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec, unknownHints: Record<string, string> = {}): ParsedArgs {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw describeParseError(command, error, options, unknownHints);
  }
}

// node:util's messages talk about its own syntax ("place it at the end of the command after '--'"); say it our way.
function describeParseError(command: string, error: unknown, options: OptionSpec, unknownHints: Record<string, string>): TcpdocError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const help = `Run 'tcpdoc ${command} --help' for the accepted options.`;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    const known = unknownHints[quoted.replace(/^-+/, '')];
    const guess = suggestOption(quoted, options);
    const hint = known !== undefined ? known : guess !== undefined ? `Did you mean ${guess}? ${help}` : help;
    return new TcpdocError('USAGE', `${command}: unknown option '${quoted}'`, { hint, cause: error });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) {
    // "'-i, --interface <value>'" names the long form last.
    const name = quoted.replace(/ <value>$/, '').split(', ').pop() ?? quoted;
    if (/does not take an argument/.test(message)) {
      return new TcpdocError('USAGE', `${command}: ${name} is a switch and takes no value`, { hint: `Write ${name} alone. ${help}`, cause: error });
    }
    return new TcpdocError('USAGE', `${command}: ${name} needs a value`, {
      hint: `Write ${name} VALUE; a value that starts with '-' must be joined to it: ${name}=-VALUE. ${help}`,
      cause: error,
    });
  }
  return new TcpdocError('USAGE', `${command}: ${message.replace(/\.$/, '')}`, { hint: help, cause: error });
}

// The accepted option closest to a mistyped one (one or two edits, or a prefix), for "did you mean".
export function suggestOption(given: string, options: OptionSpec): string | undefined {
  if (!given.startsWith('--')) return undefined;
  const word = given.slice(2).split('=')[0] ?? '';
  if (word.length < 2) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(options)) {
    const distance = name.startsWith(word) ? 1 : editDistance(word, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best === undefined ? undefined : `--${best.name}`;
}

// Levenshtein distance; option names are short, so the table stays tiny.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// A string option's value, or undefined.
export function readString(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[value.length - 1]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

// Every value of a repeatable string option.
export function readStrings(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

export function readFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

// A whole number option within bounds; a usage error otherwise.
export function readInteger(args: ParsedArgs, command: string, name: string, bounds: { min: number; max: number }): number | undefined {
  const raw = readString(args, name);
  if (raw === undefined) return undefined;
  return parseIntegerOption(command, name, raw, bounds);
}

// A whole number given on the command line, checked against bounds; the usage error shows the text as typed.
export function parseIntegerOption(command: string, name: string, raw: string, bounds: { min: number; max: number }): number {
  const hint = `Give a whole number from ${bounds.min} to ${bounds.max}, e.g. --${name} ${exampleValue(bounds)}.`;
  if (!/^\d+$/.test(raw)) {
    throw new TcpdocError('USAGE', `${command}: --${name} expects a whole number, got '${raw}'`, { hint });
  }
  const n = Number(raw);
  if (n < bounds.min || n > bounds.max) {
    throw new TcpdocError('USAGE', `${command}: --${name} must be between ${bounds.min} and ${bounds.max}, got ${raw}`, { hint });
  }
  return n;
}

// A number option (seconds and such) within bounds: plain decimal only, so 0x10, 1e3 and Infinity are refused.
export function readNumber(args: ParsedArgs, command: string, name: string, bounds: { min: number; max: number }): number | undefined {
  const raw = readString(args, name);
  if (raw === undefined) return undefined;
  const hint = `Give a plain number from ${bounds.min} to ${bounds.max}, e.g. --${name} ${exampleValue(bounds)}.`;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw)) {
    throw new TcpdocError('USAGE', `${command}: --${name} expects a number, got '${raw}'`, { hint });
  }
  const n = Number(raw);
  if (n < bounds.min || n > bounds.max) {
    throw new TcpdocError('USAGE', `${command}: --${name} must be between ${bounds.min} and ${bounds.max}, got ${raw}`, { hint });
  }
  return n;
}

function exampleValue(bounds: { min: number; max: number }): number {
  return Math.min(Math.max(bounds.min, 1), bounds.max);
}
