// Compiles a filter to inet_diag bytecode (INET_DIAG_REQ_BYTECODE). Interim: the
// filter work replaces this with a real compiler; null means "no kernel-side filter".
import type { FilterExpr } from '../../model/filter.js';

export function compileBytecode(_expr: FilterExpr, _family: 4 | 6): Uint8Array | null {
  return null;
}
