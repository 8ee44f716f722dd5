// The timestamp at the start of a tcpdump text line, in every -t form: time of day (default), -tt epoch
// seconds, -tttt date and time, and the relative forms -ttt (since the previous packet) and -ttttt (since
// the first), which print " HH:MM:SS.ffffff" with a sign column in front.

const TIME_OF_DAY = /^(?:(\d{4})-(\d\d)-(\d\d) )?(\d\d):(\d\d):(\d\d(?:\.\d+)?) /;
const EPOCH = /^(\d+\.\d+) /;
const DELTA_TIME = /^[ -](\d\d):(\d\d):(\d\d\.\d+) /;

// Seconds of a relative (-ttt / -ttttt) timestamp at the start of a line, or null for any other line.
export function readDeltaSeconds(line: string): number | null {
  const m = DELTA_TIME.exec(line);
  return m === null ? null : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

// Turns line timestamps into capture seconds, keeping what a sequence of lines needs: the day count when a
// time of day wraps at midnight, and the running sum of -ttt deltas.
export class TextClock {
  // How relative timestamps are read once known: added up (-ttt) or taken as they are (-ttttt).
  deltas: 'previous' | 'first' = 'first';
  private lastTime = -1;
  private dayOffset = 0;
  private deltaSum = 0;

  // [seconds, length of the timestamp text including its space], or null when the line starts with none.
  read(line: string): [number, number] | null {
    const first = line.charCodeAt(0);
    const delta = first === 0x20 || first === 0x2d ? DELTA_TIME.exec(line) : null;
    if (delta !== null) {
      const value = Number(delta[1]) * 3600 + Number(delta[2]) * 60 + Number(delta[3]);
      this.deltaSum = this.deltas === 'previous' ? this.deltaSum + value : value;
      return this.keep(this.deltaSum, delta[0].length);
    }
    const clock = TIME_OF_DAY.exec(line);
    if (clock !== null) {
      const seconds = Number(clock[4]) * 3600 + Number(clock[5]) * 60 + Number(clock[6]);
      // -tttt: a date is given; read it as UTC (pure code has no time zone).
      if (clock[1] !== undefined) return this.keep(Date.UTC(Number(clock[1]), Number(clock[2]) - 1, Number(clock[3])) / 1000 + seconds, clock[0].length);
      // Time of day only: a big step backwards means the capture crossed midnight.
      let time = seconds + this.dayOffset;
      if (this.lastTime >= 0 && time < this.lastTime - 43200) {
        this.dayOffset += 86400;
        time += 86400;
      }
      return this.keep(time, clock[0].length);
    }
    const epoch = EPOCH.exec(line);
    if (epoch !== null) return this.keep(Number(epoch[1]), epoch[0].length);
    return null;
  }

  private keep(time: number, length: number): [number, number] {
    this.lastTime = time;
    return [time, length];
  }
}
