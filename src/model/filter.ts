// The ss filter expression language (man ss, "FILTER") as a typed tree.
import type { TcpState } from './tcp-state.js';

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type FilterSide = 'src' | 'dst';

export type FilterExpr =
  | { kind: 'all' }
  | { kind: 'and'; left: FilterExpr; right: FilterExpr }
  | { kind: 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'state'; states: TcpState[] }
  // sport/dport comparisons: `sport = :443`, `dport >= :1024`.
  | { kind: 'port'; side: FilterSide; op: CompareOp; port: number }
  // src/dst host conditions: `dst 10.0.0.0/8`, `src [::1]:80`, `dst *:443`.
  // address is null for a wildcard host; port is null when not given.
  | { kind: 'host'; side: FilterSide; family: 4 | 6 | null; address: string | null; prefixLength: number; port: number | null };
