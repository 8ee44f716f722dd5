// The one error class tcpdoc throws across module boundaries; everything else is data.

// Exit codes shared by every command: 0 fine, 1 findings, 2 usage, 3 environment.
export const EXIT = { ok: 0, findings: 1, usage: 2, environment: 3 } as const;

export type TcpdocErrorCode =
  | 'USAGE'
  | 'BAD_FILTER'
  | 'NO_PERMISSION'
  | 'MISSING_TOOL'
  | 'UNSUPPORTED_KERNEL'
  | 'NOT_FOUND'
  | 'BAD_INPUT'
  | 'NETLINK';

export class TcpdocError extends Error {
  readonly code: TcpdocErrorCode;
  // What the user can do about it, in one or two sentences.
  readonly hint: string | undefined;
  override readonly cause: unknown;

  constructor(code: TcpdocErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message);
    this.name = 'TcpdocError';
    this.code = code;
    this.hint = options.hint;
    this.cause = options.cause;
  }
}

// The exit code a CLI should use for an error of this code.
export function exitCodeFromError(code: TcpdocErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'BAD_FILTER':
    case 'NOT_FOUND':
    case 'BAD_INPUT':
      return EXIT.usage;
    default:
      return EXIT.environment;
  }
}
