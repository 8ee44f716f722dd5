// Decoder for /proc/PID/limits (fs/proc/base.c proc_pid_limits): fixed-width rows
// "Limit name                Soft Limit   Hard Limit   Units", values a number or "unlimited".

export interface ResourceLimit {
  // null means unlimited.
  soft: number | null;
  hard: number | null;
}

// The soft and hard values of one limit row (e.g. "Max open files"); null when the row is missing or malformed.
export function decodeProcLimit(text: string, name: string): ResourceLimit | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    // The name column is padded; the values follow after at least one space.
    const fields = line.slice(name.length).trim().split(/\s+/);
    const soft = parseLimitValue(fields[0]);
    const hard = parseLimitValue(fields[1]);
    if (soft === undefined || hard === undefined) return null;
    return { soft, hard };
  }
  return null;
}

function parseLimitValue(text: string | undefined): number | null | undefined {
  if (text === 'unlimited') return null;
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
