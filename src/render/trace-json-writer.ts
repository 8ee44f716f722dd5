// tcpdoc.trace/1 connections written as bytes into one growing buffer instead of as joined strings: a large
// capture writes tens of thousands of connections, and building, joining and re-encoding a string per
// connection cost more than the analysis. The bytes are exactly formatTraceJsonConnection's text.
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { Diagnosis } from '../analysis/trace/diagnose.js';

// Scratch for reading a double's exponent bits, and the ulp (spacing of doubles) for each biased exponent.
const BITS = new DataView(new ArrayBuffer(8));
const ULP = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (Math.max(e, 1) - 1075));

// One unit in the last place of a positive finite double, from its exponent bits.
function ulpOf(v: number): number {
  BITS.setFloat64(0, v);
  return ULP[(BITS.getUint16(0) >>> 4) & 0x7ff]!;
}
const POW10_NEG = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9];
// Below 2^23, whole seconds times 1e9 plus nanoseconds stays under 2^53 (exact); see nanoseconds().
const NANO_LIMIT = 2 ** 23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// Compact JSON written byte by byte; `take()` hands the text over as a string and empties the buffer.
export class JsonByteWriter {
  private buf: Buffer;
  private pos = 0;
  // Whether anything outside ASCII was written (the text is then UTF-8, else it is also Latin-1).
  private wide = false;

  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  // Bytes written since the last take().
  get length(): number {
    return this.pos;
  }

  // The text written so far, as a string; the writer starts again empty.
  take(): string {
    const text = this.buf.toString(this.wide ? 'utf8' : 'latin1', 0, this.pos);
    this.pos = 0;
    this.wide = false;
    return text;
  }

  // The bytes written so far, handed over without a copy; the writer continues in a fresh buffer.
  takeBuffer(): Buffer {
    const bytes = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    this.wide = false;
    return bytes;
  }

  // Text known to be ASCII (keys, punctuation, number text).
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  // Text encoded earlier (cached encodings).
  encoded(e: Encoded): void {
    const b = e.bytes;
    const n = b.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    if (e.wide) this.wide = true;
    const buf = this.buf;
    let p = this.pos;
    if (n > 48) {
      buf.set(b, p);
      p += n;
    } else for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  // A number as JSON.stringify writes it (null for NaN and infinities).
  number(v: number | null): void {
    if (v === null || !Number.isFinite(v)) return this.ascii('null');
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) return this.smallInt(v);
    if (v >= 1e-6 && v < 2 ** 31 && (v < NANO_LIMIT ? this.nanoseconds(v) : this.microseconds(v))) return;
    this.ascii(String(v));
  }

  // Writes v as String(v) would when v is the double nearest to a decimal with at most nine fractional digits
  // (durations and RTTs, rounded to nanoseconds) and returns true; returns false without writing otherwise.
  // Only for 1e-6 <= v < 2^23. Why this is String(v): whole * 1e9 + nanos is an integer below 2^53, so exact,
  // and one division by 1e9 rounds correctly, so equality proves v is the double nearest to D = whole.nanos;
  // then, as in microseconds(), no other decimal as short as D can round to v when one ulp of v is below
  // 10^-digits. Measured: String(v) cost 0.3 us per duration on the bench capture.
  private nanoseconds(v: number): boolean {
    const whole = Math.floor(v);
    const nanos = Math.round((v - whole) * 1e9);
    if (nanos === 0 || nanos >= 1e9) return false;
    if ((whole * 1e9 + nanos) / 1e9 !== v) return false;
    return this.shortestDecimal(whole, nanos | 0, 9, ulpOf(v));
  }

  // Writes v as String(v) would when v is the double nearest to a decimal with at most six fractional digits
  // (capture timestamps are microseconds) and returns true; returns false without writing otherwise.
  // Why this is String(v): the decimal D rounds to v (checked with a margin for rounding in the check), and
  // any other decimal as short as D, or shorter, lies at least 10^-digits from D, farther than one ulp of v,
  // so it cannot round to v; D is then the shortest round-tripping decimal, which is what String gives.
  private microseconds(v: number): boolean {
    const whole = Math.floor(v);
    const scaled = (v - whole) * 1e6;
    const micros = Math.round(scaled);
    if (micros === 0 || micros >= 1e6) return false;
    const ulp = ulpOf(v);
    if (Math.abs(micros - scaled) + 1e-9 >= ulp * 5e5) return false;
    // Integers from here on (see smallInt); 0 < micros < 10^6.
    return this.shortestDecimal(whole, micros | 0, 6, ulp);
  }

  // Writes whole.m (m with `digits` fractional digits, trailing zeros dropped) when no shorter
  // decimal can round to the same double (one ulp below 10^-digits); false without writing otherwise.
  private shortestDecimal(whole: number, fraction: number, places: number, ulp: number): boolean {
    let m = fraction;
    let digits = places;
    for (let q = (m / 10) | 0; m === q * 10; q = (m / 10) | 0) {
      m = q;
      digits--;
    }
    if (ulp >= POW10_NEG[digits]!) return false;
    this.smallInt(whole);
    this.fraction(m, digits);
    return true;
  }

  // A decimal point and the int32 m as exactly `digits` digits (leading zeros kept).
  private fraction(m: number, digits: number): void {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const buf = this.buf;
    buf[this.pos++] = 0x2e;
    const end = this.pos + digits;
    let x = m | 0;
    for (let p = end; p > this.pos; ) {
      const q = (x / 10) | 0;
      buf[--p] = 48 + (x - q * 10);
      x = q;
    }
    this.pos = end;
  }

  // A JSON string (escaped as JSON.stringify does).
  string(s: string): void {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) return this.text(JSON.stringify(s));
    }
    if (this.pos + n + 2 > this.buf.length) this.grow(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = QUOTE;
    this.pos = p;
  }

  // Any text, encoded as UTF-8.
  text(s: string): void {
    if (this.pos + s.length * 3 > this.buf.length) this.grow(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    if (!this.wide) for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) this.wide = true;
  }

  // A non-negative int32 in decimal. Integer-only arithmetic on purpose: `%` on a value the compiler sees
  // as a double is a slow floating-point remainder.
  private smallInt(v: number): void {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const buf = this.buf;
    let x = v | 0;
    const digits = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = (x / 10) | 0;
      buf[--p] = 48 + (x - q * 10);
      x = q;
    } while (x !== 0);
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

// Text as UTF-8 bytes, and whether any of it is outside ASCII.
export interface Encoded {
  bytes: Uint8Array;
  wide: boolean;
}

function encode(text: string): Encoded {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, wide: bytes.length !== text.length };
}

// Encodings of values that repeat across connections, found without building a key string: a state list by
// comparing it with recent lists element by element (a normal close is always the same few states), a
// diagnosis by its text (literal texts are the same string object every time, so their hash is computed once).
const STATE_LISTS = 64;
const stateLists: { list: readonly string[]; encoded: Encoded }[] = [];
let nextStateSlot = 0;
const diagnoses = new Map<string, { severity: string; explain: readonly string[]; encoded: Encoded }[]>();

function encodeStates(list: readonly string[]): Encoded {
  const n = list.length;
  for (let i = 0; i < stateLists.length; i++) {
    const seen = stateLists[i]!;
    if (seen.list.length !== n) continue;
    let same = true;
    for (let k = 0; k < n && same; k++) same = seen.list[k] === list[k];
    if (same) return seen.encoded;
  }
  const entry = { list: list.slice(), encoded: encode(JSON.stringify(list)) };
  // Round-robin replacement keeps the search short whatever the capture holds.
  stateLists[nextStateSlot] = entry;
  nextStateSlot = (nextStateSlot + 1) % STATE_LISTS;
  return entry.encoded;
}

function encodeDiagnosis(d: Diagnosis): Encoded {
  let entries = diagnoses.get(d.text);
  if (entries === undefined) {
    // A bound on the cache: captures with endless distinct texts just encode again.
    if (diagnoses.size > 20_000) diagnoses.clear();
    entries = [];
    diagnoses.set(d.text, entries);
  }
  for (const e of entries) {
    if (e.severity !== d.severity || e.explain.length !== d.explain.length) continue;
    let same = true;
    for (let k = 0; k < d.explain.length && same; k++) same = e.explain[k] === d.explain[k];
    if (same) return e.encoded;
  }
  const encoded = encode(`{"text":${JSON.stringify(d.text)},"severity":${JSON.stringify(d.severity)},"explain":${JSON.stringify(d.explain)}}`);
  if (entries.length < 8) entries.push({ severity: d.severity, explain: d.explain.slice(), encoded });
  return encoded;
}

// One connection, same bytes as formatTraceJsonConnection(c, first) (that is, JSON.stringify(c)).
export function writeTraceJsonConnection(w: JsonByteWriter, c: ConnectionSummary, first: boolean): void {
  w.ascii(first ? '{"id":' : ',\n{"id":');
  w.number(c.id);
  w.ascii(c.family === 4 ? ',"family":4,"client":{"address":' : ',"family":6,"client":{"address":');
  w.string(c.client.address);
  w.ascii(',"port":');
  w.number(c.client.port);
  w.ascii('},"server":{"address":');
  w.string(c.server.address);
  w.ascii(',"port":');
  w.number(c.server.port);
  w.ascii(c.roleInferred ? '},"roleInferred":true,"outcome":' : '},"roleInferred":false,"outcome":');
  w.string(c.outcome);
  w.ascii(',"history":');
  w.string(c.history);
  w.ascii(',"completeness":');
  w.number(c.completeness);
  w.ascii(',"firstFrame":');
  w.number(c.firstFrame);
  w.ascii(',"packets":{"toServer":');
  w.number(c.packets.toServer);
  w.ascii(',"toClient":');
  w.number(c.packets.toClient);
  w.ascii('},"bytes":{"toServer":');
  w.number(c.bytes.toServer);
  w.ascii(',"toClient":');
  w.number(c.bytes.toClient);
  w.ascii('},"frameBytes":{"toServer":');
  w.number(c.frameBytes.toServer);
  w.ascii(',"toClient":');
  w.number(c.frameBytes.toClient);
  w.ascii('},"start":');
  w.number(c.start);
  w.ascii(',"end":');
  w.number(c.end);
  w.ascii(',"duration":');
  w.number(c.duration);
  w.ascii(',"rtt":');
  w.number(c.rtt);
  w.ascii(',"synAttempts":');
  w.number(c.synAttempts);
  w.ascii(',"states":{"client":');
  w.encoded(encodeStates(c.states.client));
  w.ascii(',"server":');
  w.encoded(encodeStates(c.states.server));
  w.ascii('},"closedBy":');
  if (c.closedBy === null) w.ascii('null');
  else w.string(c.closedBy);
  w.ascii(',"closeKind":');
  if (c.closeKind === null) w.ascii('null');
  else w.string(c.closeKind);
  w.ascii(',"flags":{');
  let firstFlag = true;
  for (const key in c.flags) {
    w.ascii(firstFlag ? '"' : ',"');
    firstFlag = false;
    w.ascii(key);
    w.ascii('":');
    w.number(c.flags[key as keyof typeof c.flags] ?? null);
  }
  w.ascii('},"zeroWindow":{"client":');
  w.number(c.zeroWindow.client);
  w.ascii(',"server":');
  w.number(c.zeroWindow.server);
  w.ascii('},"icmp":');
  if (c.icmp.length === 0) w.ascii('[]');
  else w.text(JSON.stringify(c.icmp));
  w.ascii(',"diagnosis":[');
  for (let i = 0; i < c.diagnosis.length; i++) {
    const d = c.diagnosis[i]!;
    if (i > 0) w.ascii(',');
    w.encoded(encodeDiagnosis(d));
  }
  w.ascii(']}');
}
