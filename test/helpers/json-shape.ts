// A small description language for the JSON documents of docs/json.md, and a validator that walks a real
// document against it: every key must be described, every required key present, every value of its type.
// Kept tiny on purpose (no JSON Schema dependency); test/helpers/json-schemas.ts holds the descriptions.

export type Shape =
  | { kind: 'string'; values?: readonly string[] }
  | { kind: 'number'; values?: readonly number[]; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'array'; items: Shape }
  // An object with known keys; `order` asks for exactly these keys in this order.
  | { kind: 'object'; fields: Record<string, Field>; order?: boolean }
  // A map whose keys are data (counts by reason, flag names); `keys` limits which keys may occur.
  | { kind: 'record'; values: Shape; keys?: readonly string[] }
  | { kind: 'union'; options: Shape[] };

export interface Field {
  shape: Shape;
  optional: boolean;
}

// A string, optionally one of `values`.
export function str(values?: readonly string[]): Shape {
  return values === undefined ? { kind: 'string' } : { kind: 'string', values };
}

// A finite number; integers unless `fraction` is set.
export function num(options: { values?: readonly number[]; fraction?: boolean } = {}): Shape {
  return { kind: 'number', integer: options.fraction !== true, ...(options.values !== undefined ? { values: options.values } : {}) };
}

// A boolean.
export const bool: Shape = { kind: 'boolean' };

// An array of `items`.
export function arr(items: Shape): Shape {
  return { kind: 'array', items };
}

// `shape` or null.
export function nullable(shape: Shape): Shape {
  return { kind: 'union', options: [shape, { kind: 'null' }] };
}

// Any of the shapes.
export function oneOf(...options: Shape[]): Shape {
  return { kind: 'union', options };
}

// A key that may be left out (`"unit"?` in docs/json.md).
export function opt(shape: Shape): Field {
  return { shape, optional: true };
}

// An object; plain shapes are required keys, opt(...) ones may be absent.
export function obj(fields: Record<string, Shape | Field>, options: { order?: boolean } = {}): Shape {
  const out: Record<string, Field> = {};
  for (const [key, f] of Object.entries(fields)) out[key] = 'optional' in f ? f : { shape: f, optional: false };
  return { kind: 'object', fields: out, ...(options.order === true ? { order: true } : {}) };
}

// A map with data keys.
export function rec(values: Shape, keys?: readonly string[]): Shape {
  return keys === undefined ? { kind: 'record', values } : { kind: 'record', values, keys };
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// Where the walk has been: path patterns ("sockets[].tcpInfo.rttUs") that held a value other than null, so a
// test can check that the interesting parts of a shape were really exercised and not only skipped as null.
export type Visited = Set<string>;

// Problems of `value` against `shape`, each "path: what"; empty when the value fits.
export function checkShape(value: unknown, shape: Shape, path = '$', visited: Visited = new Set()): string[] {
  const problems: string[] = [];
  walk(value, shape, path, path, visited, problems);
  return problems;
}

function walk(value: unknown, shape: Shape, path: string, pattern: string, visited: Visited, problems: string[]): void {
  if (shape.kind === 'union') {
    // The first option that fits without problems wins; otherwise report the option of the same JSON type.
    const attempts = shape.options.map((o) => {
      const p: string[] = [];
      const v: Visited = new Set();
      walk(value, o, path, pattern, v, p);
      return { problems: p, visited: v, sameType: sameType(value, o) };
    });
    const ok = attempts.find((a) => a.problems.length === 0);
    if (ok !== undefined) {
      for (const v of ok.visited) visited.add(v);
      return;
    }
    const near = attempts.find((a) => a.sameType);
    if (near !== undefined) problems.push(...near.problems);
    else problems.push(`${path}: ${typeOf(value)} ${short(value)} is none of ${shape.options.map(describe).join(' | ')}`);
    return;
  }
  if (value !== null) visited.add(pattern);
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${path}: expected string, got ${typeOf(value)} ${short(value)}`);
      else if (shape.values !== undefined && !shape.values.includes(value)) problems.push(`${path}: "${value}" is not one of ${shape.values.join(', ')}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path}: expected number, got ${typeOf(value)} ${short(value)}`);
      else if (shape.integer === true && !Number.isInteger(value)) problems.push(`${path}: expected an integer, got ${value}`);
      else if (shape.values !== undefined && !shape.values.includes(value)) problems.push(`${path}: ${value} is not one of ${shape.values.join(', ')}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: expected boolean, got ${typeOf(value)} ${short(value)}`);
      return;
    case 'null':
      if (value !== null) problems.push(`${path}: expected null, got ${typeOf(value)} ${short(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${path}: expected array, got ${typeOf(value)} ${short(value)}`);
        return;
      }
      value.forEach((item, i) => walk(item, shape.items, `${path}[${i}]`, `${pattern}[]`, visited, problems));
      return;
    case 'record':
      if (typeOf(value) !== 'object') {
        problems.push(`${path}: expected object, got ${typeOf(value)} ${short(value)}`);
        return;
      }
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (shape.keys !== undefined && !shape.keys.includes(key)) problems.push(`${path}.${key}: key not described (allowed: ${shape.keys.join(', ')})`);
        walk(v, shape.values, `${path}.${key}`, `${pattern}.*`, visited, problems);
      }
      return;
    case 'object': {
      if (typeOf(value) !== 'object') {
        problems.push(`${path}: expected object, got ${typeOf(value)} ${short(value)}`);
        return;
      }
      const o = value as Record<string, unknown>;
      for (const key of Object.keys(o)) if (shape.fields[key] === undefined) problems.push(`${path}.${key}: field not described in docs/json.md`);
      for (const [key, f] of Object.entries(shape.fields)) {
        if (!(key in o)) {
          if (!f.optional) problems.push(`${path}.${key}: described field missing`);
          continue;
        }
        walk(o[key], f.shape, `${path}.${key}`, `${pattern}.${key}`, visited, problems);
      }
      if (shape.order === true) {
        const want = Object.keys(shape.fields).join(',');
        const got = Object.keys(o).join(',');
        if (want !== got) problems.push(`${path}: keys in order ${got}, documented ${want}`);
      }
      return;
    }
  }
}

function sameType(value: unknown, shape: Shape): boolean {
  const t = typeOf(value);
  switch (shape.kind) {
    case 'union':
      return shape.options.some((o) => sameType(value, o));
    case 'record':
      return t === 'object';
    default:
      return t === shape.kind;
  }
}

function describe(shape: Shape): string {
  return shape.kind === 'union' ? shape.options.map(describe).join(' | ') : shape.kind;
}

function short(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// Every object key and every enumerated string value a shape names, for matching against the doc's text.
export function collectNames(shape: Shape, into: { keys: Set<string>; values: Set<string> } = { keys: new Set(), values: new Set() }): { keys: Set<string>; values: Set<string> } {
  switch (shape.kind) {
    case 'string':
      for (const v of shape.values ?? []) into.values.add(v);
      break;
    case 'array':
      collectNames(shape.items, into);
      break;
    case 'record':
      for (const k of shape.keys ?? []) into.keys.add(k);
      collectNames(shape.values, into);
      break;
    case 'union':
      for (const o of shape.options) collectNames(o, into);
      break;
    case 'object':
      for (const [key, f] of Object.entries(shape.fields)) {
        into.keys.add(key);
        collectNames(f.shape, into);
      }
      break;
    default:
      break;
  }
  return into;
}
