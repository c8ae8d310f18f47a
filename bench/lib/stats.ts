/** Small numeric helpers for per-step timings and bitsets. */

/** Nearest-rank percentile (q in 0..1) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

export function p90(samples: readonly number[]): number {
  return percentile(samples, 0.9);
}

export function popcount32(word: number): number {
  let x = word >>> 0;
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of set bits among the first `size` bits. */
export function countBits(bits: Uint32Array | Int32Array, size: number): number {
  let total = 0;
  const words = Math.ceil(size / 32);
  for (let i = 0; i < words; i++) {
    const tail = (i + 1) * 32 - size;
    const word = tail > 0 ? (bits[i] >>> 0) & (0xffffffff >>> tail) : bits[i];
    total += popcount32(word);
  }
  return total;
}

export function hasBit(bits: Uint32Array | Int32Array, id: number): boolean {
  return ((bits[id >>> 5] >>> (id & 31)) & 1) === 1;
}

/** Ids set in `a` but not in `b`, among the first `size`. */
export function bitsOnlyIn(a: Uint32Array | Int32Array, b: Uint32Array | Int32Array, size: number): number[] {
  const ids: number[] = [];
  for (let w = 0; w * 32 < size; w++) {
    let diff = (a[w] & ~b[w]) >>> 0;
    while (diff !== 0) {
      const bit = 31 - Math.clz32(diff & -diff);
      const id = w * 32 + bit;
      if (id < size) ids.push(id);
      diff = (diff & (diff - 1)) >>> 0;
    }
  }
  return ids;
}

/** Microseconds elapsed since `startMs` (a performance.now() reading). */
export function usSince(startMs: number): number {
  return (performance.now() - startMs) * 1000;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Wall-clock and process CPU time of one measured region. */
export interface Elapsed {
  readonly wallMs: number;
  /**
   * User + system CPU time of this process: on a shared, overloaded machine it leaves out the time
   * other processes took from us, which wall-clock time does not.
   */
  readonly cpuMs: number;
}

/** Starts a clock; calling the result reads it. */
export function startClock(): () => Elapsed {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}
