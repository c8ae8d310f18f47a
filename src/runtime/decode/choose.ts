/**
 * Picking the next token among the allowed ones. The mask is a bitset; the logits are never
 * rewritten to -Infinity: iterating the allowed bits is cheaper than touching every vocabulary
 * entry, and the unmasked logits stay intact for log-probabilities.
 */
import type { Rng } from "./prng.js";

/** Calls `visit` for each set bit (token id) of the bitset. */
export function forEachAllowed(allowed: Uint32Array, visit: (id: number) => void): void {
  for (let w = 0; w < allowed.length; w++) {
    let bits = allowed[w];
    while (bits !== 0) {
      const low = bits & -bits;
      visit((w << 5) + 31 - Math.clz32(low));
      bits ^= low;
    }
  }
}

export function isAllowed(allowed: Uint32Array, id: number): boolean {
  return ((allowed[id >>> 5] >>> (id & 31)) & 1) === 1;
}

/** The allowed token (or end-of-sequence id) with the highest logit; -1 when none is allowed. */
export function maskedArgmax(logits: Float32Array, allowed: Uint32Array, eos: readonly number[]): number {
  let best = -1;
  let bestValue = -Infinity;
  const limit = Math.min(allowed.length, (logits.length + 31) >>> 5);
  for (let w = 0; w < limit; w++) {
    let bits = allowed[w];
    if (bits === 0) continue;
    const base = w << 5;
    if (bits === 0xffffffff) {
      const end = Math.min(base + 32, logits.length);
      for (let i = base; i < end; i++) {
        if (logits[i] > bestValue || best < 0) {
          bestValue = logits[i];
          best = i;
        }
      }
      continue;
    }
    while (bits !== 0) {
      const low = bits & -bits;
      const i = base + 31 - Math.clz32(low);
      bits ^= low;
      if (i < logits.length && (logits[i] > bestValue || best < 0)) {
        bestValue = logits[i];
        best = i;
      }
    }
  }
  for (const id of eos) {
    if (logits[id] > bestValue || best < 0) {
      bestValue = logits[id];
      best = id;
    }
  }
  return best;
}

/** The `n` allowed ids with the highest logits, best first (for beam search). */
export function maskedTopN(logits: Float32Array, allowed: Uint32Array, eos: readonly number[], n: number): number[] {
  const ids: number[] = [];
  const consider = (id: number): void => {
    if (id >= logits.length) return;
    if (ids.length === n && logits[id] <= logits[ids[n - 1]]) return;
    let at = ids.length === n ? n - 1 : ids.length;
    if (ids.length < n) ids.push(id);
    while (at > 0 && logits[ids[at - 1]] < logits[id]) {
      ids[at] = ids[at - 1];
      at--;
    }
    ids[at] = id;
  };
  forEachAllowed(allowed, consider);
  for (const id of eos) consider(id);
  return ids;
}

export interface SamplingOptions {
  readonly temperature: number;
  readonly topK?: number;
  readonly topP?: number;
}

/** Reusable buffers so a sampling step allocates nothing vocabulary-sized. */
export class SamplingScratch {
  ids: Int32Array;
  weights: Float64Array;
  /** For top-p: candidate order by weight, and the reordered kept candidates. */
  order: Int32Array;
  keptIds: Int32Array;
  keptWeights: Float64Array;
  constructor(size: number) {
    this.ids = new Int32Array(size);
    this.weights = new Float64Array(size);
    this.order = new Int32Array(size);
    this.keptIds = new Int32Array(size);
    this.keptWeights = new Float64Array(size);
  }
  ensure(size: number): void {
    if (this.ids.length >= size) return;
    this.ids = new Int32Array(size);
    this.weights = new Float64Array(size);
    this.order = new Int32Array(size);
    this.keptIds = new Int32Array(size);
    this.keptWeights = new Float64Array(size);
  }
}

/**
 * Draws from softmax(logits / temperature) restricted to the allowed ids, after top-k and top-p
 * (nucleus) filtering. Temperature 0 is argmax. Returns -1 when nothing is allowed.
 */
export function maskedSample(logits: Float32Array, allowed: Uint32Array, eos: readonly number[], options: SamplingOptions, rng: Rng, scratch: SamplingScratch): number {
  if (options.temperature <= 0) return maskedArgmax(logits, allowed, eos);
  scratch.ensure(logits.length + eos.length);
  const { ids, weights } = scratch;
  let count = 0;
  const gather = (id: number): void => {
    if (id < logits.length) ids[count++] = id;
  };
  forEachAllowed(allowed, gather);
  for (const id of eos) gather(id);
  if (count === 0) return -1;
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, logits[ids[i]]);
  const k = options.topK !== undefined && options.topK > 0 ? Math.min(options.topK, count) : count;
  const floor = k < count ? kthLargest(logits, ids, count, k, weights) : -Infinity;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const value = logits[ids[i]];
    if (value < floor) continue;
    ids[kept] = ids[i];
    weights[kept] = Math.exp((value - max) / options.temperature);
    kept++;
  }
  if (options.topP !== undefined && options.topP < 1) kept = nucleus(scratch, kept, options.topP);
  let total = 0;
  for (let i = 0; i < kept; i++) total += weights[i];
  let r = rng.next() * total;
  for (let i = 0; i < kept; i++) {
    r -= weights[i];
    if (r < 0) return ids[i];
  }
  return ids[kept - 1];
}

/** The k-th largest logit among the candidates (quickselect on a copy held in `buffer`). */
function kthLargest(logits: Float32Array, ids: Int32Array, count: number, k: number, buffer: Float64Array): number {
  for (let i = 0; i < count; i++) buffer[i] = logits[ids[i]];
  let lo = 0;
  let hi = count - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = buffer[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buffer[i] > pivot) i++;
      while (buffer[j] < pivot) j--;
      if (i <= j) {
        const t = buffer[i];
        buffer[i] = buffer[j];
        buffer[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return buffer[target];
}

/** Keeps the smallest set of most likely ids whose probability reaches `topP`; returns its size. */
function nucleus(scratch: SamplingScratch, count: number, topP: number): number {
  const { ids, weights, keptIds, keptWeights } = scratch;
  const order = scratch.order.subarray(0, count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    total += weights[i];
  }
  order.sort((a, b) => weights[b] - weights[a]);
  let mass = 0;
  let kept = 0;
  while (kept < count && mass < topP * total) {
    const i = order[kept];
    keptIds[kept] = ids[i];
    keptWeights[kept] = weights[i];
    mass += weights[i];
    kept++;
  }
  ids.set(keptIds.subarray(0, kept));
  weights.set(keptWeights.subarray(0, kept));
  return kept;
}

/** Penalties on tokens already generated in the run (HF's repetition penalty, OpenAI's two). */
export interface Penalties {
  /** Keskar et al. / HF: a positive logit is divided by it, a negative one multiplied (1: none). */
  readonly repetition?: number;
  /** OpenAI: the logit minus this times the token's count so far. */
  readonly frequency?: number;
  /** OpenAI: the logit minus this once the token occurred. */
  readonly presence?: number;
}

export function hasPenalties(p: Penalties): boolean {
  return (p.repetition !== undefined && p.repetition !== 1) || (p.frequency ?? 0) !== 0 || (p.presence ?? 0) !== 0;
}

/** How often each token occurs in the given lists. */
export function tokenCounts(...lists: readonly (readonly number[])[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const list of lists) for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * A penalized copy of the logits (the session's own stay intact, as other paths may share them).
 * Only tokens that occurred are touched: the cost is one copy plus the distinct tokens generated.
 */
export function penalize(logits: Float32Array, counts: ReadonlyMap<number, number>, p: Penalties): Float32Array {
  const out = logits.slice();
  const repetition = p.repetition ?? 1;
  const frequency = p.frequency ?? 0;
  const presence = p.presence ?? 0;
  for (const [id, count] of counts) {
    if (id < 0 || id >= out.length || count <= 0) continue;
    let v = out[id];
    if (repetition !== 1) v = v > 0 ? v / repetition : v * repetition;
    out[id] = v - count * frequency - presence;
  }
  return out;
}
