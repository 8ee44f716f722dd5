// The hand-written part of an errno entry; numbers and the standard message come from errno-table.ts.
import type { Source, Text } from './types.js';

// Hand-written explanation of one errno, keyed by its name.
export interface ErrnoDeep {
  name: string;
  summary: Text;
  details: Text;
  checks: Text[];
  fixes: Text[];
  related: string[];
  sources: Source[];
}
