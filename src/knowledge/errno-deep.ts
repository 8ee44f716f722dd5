// The hand-written part of an errno entry; numbers and the standard message come from errno-table.ts.
import type { Source, Text } from './types.js';

export interface ErrnoDeep {
  name: string;
  summary: Text;
  details: Text;
  checks: Text[];
  fixes: Text[];
  related: string[];
  sources: Source[];
}
