/**
 * Explicit deterministic automata over bytes: a transition table of `states × 256` (−1 = dead) and
 * an accepting flag per state. Every constraint part lowers to one of these; `and`/`or` are
 * products and `not` the complement of the completed automaton, so all three are exact.
 */
import { ConstraintError } from "./errors.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export interface Dfa {
  readonly states: number;
  /** `trans[s * 256 + byte]`: the next state, or −1 (dead). State 0 is the start. */
  readonly trans: Int32Array;
  readonly accept: Uint8Array;
}

/** Products beyond this many states are refused: a safety net against exponential constraints. */
export const MAX_STATES = 200_000;

export const DEAD = -1;

/** Builds a DFA by exploring states from a start key with a step function. */
export function explore<K>(
  start: K,
  keyOf: (k: K) => string | number,
  step: (k: K, byte: number) => K | undefined,
  accepts: (k: K) => boolean,
  classes: Uint8Array = IDENTITY_CLASSES,
): Dfa & { readonly keys: readonly K[] } {
  const index = new Map<string | number, number>([[keyOf(start), 0]]);
  // Bytes of one class behave alike in every state: step once per class, copy for the rest.
  const representative = new Int16Array(256).fill(-1);
  for (let b = 0; b < 256; b++) if (representative[classes[b]] < 0) representative[classes[b]] = b;
  const keys: K[] = [start];
  let trans: Int32Array = new Int32Array(256 * 16);
  const accept: number[] = [];
  for (let s = 0; s < keys.length; s++) {
    if (keys.length > MAX_STATES) throw new ConstraintError(`constraint too large (more than ${MAX_STATES} automaton states)`);
    const k = keys[s];
    accept.push(accepts(k) ? 1 : 0);
    if ((s + 1) * 256 > trans.length) trans = grow(trans, (s + 1) * 512);
    for (let b = 0; b < 256; b++) {
      const r = representative[classes[b]];
      if (r !== b) {
        trans[s * 256 + b] = trans[s * 256 + r];
        continue;
      }
      const next = step(k, b);
      if (next === undefined) {
        trans[s * 256 + b] = DEAD;
        continue;
      }
      const key = keyOf(next);
      let id = index.get(key);
      if (id === undefined) {
        id = keys.length;
        index.set(key, id);
        keys.push(next);
      }
      trans[s * 256 + b] = id;
    }
  }
  return { states: keys.length, trans: trans.slice(0, keys.length * 256), accept: Uint8Array.from(accept), keys };
}

const IDENTITY_CLASSES = Uint8Array.from({ length: 256 }, (_, b) => b);

/** Byte classes of a DFA: bytes whose columns (next state in every state) are identical. */
export function byteClasses(d: Dfa): Uint8Array {
  const hash = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    let h = 0x811c9dc5;
    for (let s = 0; s < d.states; s++) h = Math.imul(h ^ d.trans[s * 256 + b], 0x01000193);
    hash[b] = h;
  }
  const sameColumn = (x: number, y: number): boolean => {
    for (let s = 0; s < d.states; s++) if (d.trans[s * 256 + x] !== d.trans[s * 256 + y]) return false;
    return true;
  };
  const classes = new Uint8Array(256);
  const firsts: number[] = [];
  for (let b = 0; b < 256; b++) {
    let c = firsts.findIndex((f) => hash[f] === hash[b] && sameColumn(f, b));
    if (c < 0) {
      c = firsts.length;
      firsts.push(b);
    }
    classes[b] = c;
  }
  return classes;
}

/** The coarsest partition finer than both. */
export function refineClasses(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(256);
  const seen = new Map<number, number>();
  for (let x = 0; x < 256; x++) {
    const key = a[x] * 256 + b[x];
    let c = seen.get(key);
    if (c === undefined) seen.set(key, (c = seen.size));
    out[x] = c;
  }
  return out;
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Exactly the given byte strings (a byte trie of options). */
export function choiceDfa(options: readonly Uint8Array[]): Dfa {
  // A state is a set of (option, position) pairs that are still matching; keyed by the prefix.
  type K = { readonly len: number; readonly live: readonly number[] };
  return explore<K>(
    { len: 0, live: options.map((_, i) => i) },
    (k) => (k.live.length === 0 ? "" : `${k.live[0]}:${k.len}`),
    (k, b) => {
      const live = k.live.filter((i) => options[i].length > k.len && options[i][k.len] === b);
      return live.length === 0 ? undefined : { len: k.len + 1, live };
    },
    (k) => k.live.some((i) => options[i].length === k.len),
  );
}

/** KMP failure function over bytes. */
function failure(p: Uint8Array): Int32Array {
  const f = new Int32Array(p.length + 1);
  f[0] = -1;
  for (let i = 1, k = -1; i <= p.length; i++) {
    while (k >= 0 && p[k] !== p[i - 1]) k = f[k];
    k++;
    f[i] = k;
  }
  return f;
}

/** Matched-prefix automaton for `p`: state = length of the longest suffix that is a prefix of p. */
function kmpStep(p: Uint8Array, f: Int32Array, state: number, b: number): number {
  let k = state === p.length ? f[state] : state;
  while (k >= 0 && p[k] !== b) k = f[k];
  return k + 1;
}

export type LiteralMode = "contains" | "stopsAt" | "endsWith" | "startsWith" | "equals";

/** The automata for constraints about one literal byte string. */
export function literalDfa(p: Uint8Array, mode: LiteralMode): Dfa {
  const f = failure(p);
  const n = p.length;
  const step = (s: number, b: number): number | undefined => {
    switch (mode) {
      case "contains":
        return s === n ? n : kmpStep(p, f, s, b);
      case "stopsAt":
        // Once the phrase is complete the value must end.
        return s === n ? undefined : kmpStep(p, f, s, b);
      case "endsWith":
        return kmpStep(p, f, s, b);
      case "startsWith":
        return s === n ? n : p[s] === b ? s + 1 : undefined;
      case "equals":
        return s < n && p[s] === b ? s + 1 : undefined;
      default:
        return unreachable(mode);
    }
  };
  const accepts = (s: number): boolean => mode === "stopsAt" || s === n;
  return explore<number>(0, (n) => n, step, accepts);
}

/** A DFA accepting everything (every byte string). Validity of UTF-8 is enforced separately. */
export function anyDfa(accepting: boolean): Dfa {
  return explore<number>(0, (n) => n, () => (accepting ? 0 : undefined), () => accepting);
}

/** Well-formed UTF-8: state = continuation bytes still expected, with the allowed second-byte range. */
export function utf8Dfa(): Dfa {
  // Key: "need:lo:hi" where lo..hi bounds the next continuation byte.
  type K = readonly [number, number, number];
  return explore<K>(
    [0, 0x80, 0xbf],
    (k) => k.join(":"),
    ([need, lo, hi], b) => {
      if (need > 0) return b >= lo && b <= hi ? [need - 1, 0x80, 0xbf] : undefined;
      if (b < 0x80) return [0, 0x80, 0xbf];
      if (b >= 0xc2 && b <= 0xdf) return [1, 0x80, 0xbf];
      if (b === 0xe0) return [2, 0xa0, 0xbf];
      if (b === 0xed) return [2, 0x80, 0x9f];
      if (b >= 0xe1 && b <= 0xef) return [2, 0x80, 0xbf];
      if (b === 0xf0) return [3, 0x90, 0xbf];
      if (b >= 0xf1 && b <= 0xf3) return [3, 0x80, 0xbf];
      if (b === 0xf4) return [3, 0x80, 0x8f];
      return undefined;
    },
    ([need]) => need === 0,
  );
}

export function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/** Counts code points up to `cap` (then saturates); accepting where `ok(count)`. */
export function charCountDfa(cap: number, ok: (n: number) => boolean): Dfa {
  return explore<number>(0, (n) => n, (n, b) => (isContinuation(b) ? n : Math.min(n + 1, cap)), ok);
}

const WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/** Counts words (maximal runs of non-whitespace; ASCII whitespace) up to `cap`. */
export function wordCountDfa(cap: number, ok: (n: number) => boolean): Dfa {
  type K = readonly [number, boolean];
  return explore<K>(
    [0, false],
    (k) => `${k[0]}:${k[1]}`,
    ([n, inWord], b) => {
      if (WHITESPACE.has(b)) return [n, false];
      if (inWord || isContinuation(b)) return [n, true];
      return [Math.min(n + 1, cap), true];
    },
    ([n]) => ok(n),
  );
}

export type Combine = "and" | "or";

/** The product of two DFAs; for `or` a dead side stays dead while the other runs on. */
export function product(a: Dfa, b: Dfa, mode: Combine): Dfa {
  type K = readonly [number, number];
  return explore<K>(
    [0, 0],
    (k) => (k[0] + 1) * (b.states + 1) + k[1] + 1,
    ([x, y], byte) => {
      const nx = x < 0 ? DEAD : a.trans[x * 256 + byte];
      const ny = y < 0 ? DEAD : b.trans[y * 256 + byte];
      if (mode === "and" ? nx < 0 || ny < 0 : nx < 0 && ny < 0) return undefined;
      return [nx, ny];
    },
    ([x, y]) => {
      const ax = x >= 0 && a.accept[x] === 1;
      const ay = y >= 0 && b.accept[y] === 1;
      return mode === "and" ? ax && ay : ax || ay;
    },
    refineClasses(byteClasses(a), byteClasses(b)),
  );
}

/** The complement over all byte strings (the dead state becomes an accepting sink). */
export function complement(a: Dfa): Dfa {
  return explore<number>(
    0,
    (n) => n,
    (s, b) => (s < 0 ? DEAD : a.trans[s * 256 + b]),
    (s) => s < 0 || a.accept[s] === 0,
    byteClasses(a),
  );
}

/** States from which an accepting state is reachable. */
export function liveStates(d: Dfa): Uint8Array {
  const rev: number[][] = Array.from({ length: d.states }, () => []);
  for (let s = 0; s < d.states; s++) {
    for (let b = 0; b < 256; b++) {
      const t = d.trans[s * 256 + b];
      if (t >= 0 && (rev[t].length === 0 || rev[t][rev[t].length - 1] !== s)) rev[t].push(s);
    }
  }
  const live = new Uint8Array(d.states);
  const work: number[] = [];
  for (let s = 0; s < d.states; s++) if (d.accept[s] === 1) { live[s] = 1; work.push(s); }
  while (work.length > 0) {
    const t = work.pop()!;
    for (const s of rev[t]) if (live[s] === 0) { live[s] = 1; work.push(s); }
  }
  return live;
}

/** Removes transitions into states that can never accept, so "dead" means −1 everywhere. */
export function trim(d: Dfa): Dfa {
  const live = liveStates(d);
  const trans = d.trans.slice();
  for (let i = 0; i < trans.length; i++) if (trans[i] >= 0 && live[trans[i]] === 0) trans[i] = DEAD;
  return { states: d.states, trans, accept: d.accept };
}
