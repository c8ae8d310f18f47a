/** A small seeded PRNG (mulberry32): repeatable sampling across runs and platforms. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** An independent generator for a forked session, derived deterministically from this one. */
  split(): Rng;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, split: () => seededRng(Math.floor(next() * 4294967296) ^ 0x9e3779b9) };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}
