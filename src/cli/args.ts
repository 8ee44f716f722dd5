// Argument parsing on top of node:util parseArgs, turning its errors into usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TcpdocError } from '../model/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

// Parse argv strictly; unknown options become a usage error naming the command's --help.
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TcpdocError('USAGE', `${command}: ${message.replace(/\.$/, '')}`, {
      hint: `Run 'tcpdoc ${command} --help' for the accepted options.`,
      cause: error,
    });
  }
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

export function parseIntegerOption(command: string, name: string, raw: string, bounds: { min: number; max: number }): number {
  if (!/^\d+$/.test(raw)) {
    throw new TcpdocError('USAGE', `${command}: --${name} expects a whole number, got '${raw}'`, {
      hint: `Example: --${name} ${bounds.min}`,
    });
  }
  const n = Number(raw);
  if (n < bounds.min || n > bounds.max) {
    throw new TcpdocError('USAGE', `${command}: --${name} must be between ${bounds.min} and ${bounds.max}, got ${n}`);
  }
  return n;
}

// A number option (seconds and such) within bounds.
export function readNumber(args: ParsedArgs, command: string, name: string, bounds: { min: number; max: number }): number | undefined {
  const raw = readString(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new TcpdocError('USAGE', `${command}: --${name} expects a number, got '${raw}'`);
  }
  if (n < bounds.min || n > bounds.max) {
    throw new TcpdocError('USAGE', `${command}: --${name} must be between ${bounds.min} and ${bounds.max}, got ${n}`);
  }
  return n;
}
