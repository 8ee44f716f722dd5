// Live connections filed by their two endpoint keys (address id * 65536 + port): numeric keys, because
// building a string key per packet costs several times the rest of the analysis.
import { Connection } from './connection.js';

export class ConnectionTable {
  // Filed under the lower key (usually the service's), then the other: a Connection when it is the only
  // one under that key, else a Map.
  private readonly byLo = new Map<number, Connection | Map<number, Connection>>();
  private readonly recent: (Connection | undefined)[] = new Array<Connection | undefined>(4096).fill(undefined);

  // The live connection with these keys, or undefined.
  find(keyLo: number, keyHi: number): Connection | undefined {
    // Recently used connections by a hash of both keys: most packets belong to a connection that was busy a
    // moment ago, and this skips both Map lookups.
    const slot = (Math.imul(keyLo, 0x9e3779b1) ^ Math.imul(keyHi, 0x85ebca6b)) >>> 20;
    const cached = this.recent[slot];
    if (cached !== undefined && cached.keyHi === keyHi && cached.keyLo === keyLo && !cached.released) return cached;
    const found = this.findFiled(keyLo, keyHi);
    if (found !== undefined) this.recent[slot] = found;
    return found;
  }

  // Files a connection under its keys.
  add(conn: Connection): void {
    const entry = this.byLo.get(conn.keyLo);
    if (entry === undefined) this.byLo.set(conn.keyLo, conn);
    else if (entry instanceof Connection) this.byLo.set(conn.keyLo, new Map([[entry.keyHi, entry], [conn.keyHi, conn]]));
    else entry.set(conn.keyHi, conn);
  }

  // Takes a connection out (when it is released).
  remove(conn: Connection): void {
    const entry = this.byLo.get(conn.keyLo);
    if (entry === conn) this.byLo.delete(conn.keyLo);
    else if (entry !== undefined && !(entry instanceof Connection) && entry.get(conn.keyHi) === conn) {
      entry.delete(conn.keyHi);
      if (entry.size === 0) this.byLo.delete(conn.keyLo);
    }
  }

  // Forgets every connection (before they are filed again under new keys).
  clear(): void {
    this.byLo.clear();
    this.recent.fill(undefined);
  }

  // Every filed connection (order unspecified).
  list(): Connection[] {
    const out: Connection[] = [];
    for (const entry of this.byLo.values()) {
      if (entry instanceof Connection) out.push(entry);
      else for (const c of entry.values()) out.push(c);
    }
    return out;
  }

  private findFiled(keyLo: number, keyHi: number): Connection | undefined {
    const entry = this.byLo.get(keyLo);
    if (entry === undefined) return undefined;
    if (entry instanceof Connection) return entry.keyHi === keyHi ? entry : undefined;
    return entry.get(keyHi);
  }
}
