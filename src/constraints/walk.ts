/**
 * Trie walks: from one automaton state, run every token's bytes at once by scanning the preorder
 * trie, skipping a whole subtree as soon as its prefix kills the automaton.
 *
 * Overshoot rule: when a prefix of a token drives the automaton into a *final* state (accepting, no
 * byte may follow — e.g. right after a STOPS_AT phrase) and the token has more bytes, the token is
 * allowed: the value ends inside it, after that prefix, and the rest of the token is not part of the
 * value (the runtime cuts it; `Advance.valueEndsAfter`) — provided `spillOk` admits the first byte
 * past the end (see `spillRule` in lower.ts). Prefixes of length 0 never count, so a value that has
 * already ended allows no token.
 */
import type { Dfa } from "./dfa.js";
import type { TokenTrie } from "./trie.js";

/** Tokens that lead from one state to the same (state, characters added) — or end the value there. */
export interface Group {
  readonly state: number;
  /** Code points the token adds (for overshoot: up to the value's end). */
  readonly chars: number;
  /** The value ends inside these tokens, at `state`. */
  readonly overshoot: boolean;
}

/** A walk's result for counters to filter: per trie token position, its group (−1: not allowed). */
export interface Grouped {
  readonly groups: readonly Group[];
  readonly groupOf: Int32Array;
}

interface Scratch {
  states: Int32Array;
  chars: Int32Array;
}

const scratchFor = new WeakMap<TokenTrie, Scratch>();

function scratch(trie: TokenTrie): Scratch {
  let s = scratchFor.get(trie);
  if (s === undefined) {
    s = { states: new Int32Array(trie.maxDepth + 1), chars: new Int32Array(trie.maxDepth + 1) };
    scratchFor.set(trie, s);
  }
  return s;
}

function setRange(bits: Uint32Array, tokens: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const id = tokens[k];
    bits[id >>> 5] |= 1 << (id & 31);
  }
}

/** Allowed tokens from `q` when no counter restricts them: the walk writes the bitset directly. */
export function walkBitset(trie: TokenTrie, d: Dfa, final: Uint8Array, spillOk: Uint8Array, q: number): Uint32Array {
  const bits = new Uint32Array((trie.vocabSize + 31) >>> 5);
  const { states } = scratch(trie);
  const { byte, depth, subtreeEnd, tokenStart, tokens } = trie;
  const trans = d.trans;
  states[0] = q;
  let i = 1;
  while (i < trie.nodeCount) {
    const k = depth[i];
    const p = states[k - 1];
    const s = trans[p * 256 + byte[i]];
    if (s < 0) {
      if (k > 1 && final[p] === 1 && spillOk[byte[i]] === 1) setRange(bits, tokens, tokenStart[i], tokenStart[subtreeEnd[i]]);
      i = subtreeEnd[i];
      continue;
    }
    states[k] = s;
    const a = tokenStart[i];
    const e = tokenStart[i + 1];
    if (a !== e) setRange(bits, tokens, a, e);
    i++;
  }
  return bits;
}

/** Dense (state, chars) → group index when small enough, else a Map. */
function groupIndex(d: Dfa, trie: TokenTrie, groups: Group[]): (state: number, c: number, overshoot: boolean) => number {
  const width = (trie.maxDepth + 1) * 2;
  const dense = d.states * width <= 1 << 22 ? new Int32Array(d.states * width).fill(-1) : undefined;
  const sparse = new Map<number, number>();
  return (state, c, overshoot) => {
    const key = state * width + c * 2 + (overshoot ? 1 : 0);
    let g = dense !== undefined ? dense[key] : (sparse.get(key) ?? -1);
    if (g < 0) {
      g = groups.length;
      groups.push({ state, chars: c, overshoot });
      if (dense !== undefined) dense[key] = g;
      else sparse.set(key, g);
    }
    return g;
  };
}

/** Allowed tokens from `q` grouped by where they lead, for counters to filter. */
export function walkGroups(trie: TokenTrie, d: Dfa, final: Uint8Array, spillOk: Uint8Array, q: number): Grouped {
  const { states, chars } = scratch(trie);
  const { byte, depth, subtreeEnd, tokenStart } = trie;
  const trans = d.trans;
  const groups: Group[] = [];
  const groupOf = new Int32Array(trie.tokens.length).fill(-1);
  const index = groupIndex(d, trie, groups);
  states[0] = q;
  chars[0] = 0;
  let i = 1;
  while (i < trie.nodeCount) {
    const k = depth[i];
    const p = states[k - 1];
    const b = byte[i];
    const s = trans[p * 256 + b];
    if (s < 0) {
      if (k > 1 && final[p] === 1 && spillOk[b] === 1) groupOf.fill(index(p, chars[k - 1], true), tokenStart[i], tokenStart[subtreeEnd[i]]);
      i = subtreeEnd[i];
      continue;
    }
    states[k] = s;
    chars[k] = chars[k - 1] + ((b & 0xc0) === 0x80 ? 0 : 1);
    const a = tokenStart[i];
    const e = tokenStart[i + 1];
    if (a !== e) groupOf.fill(index(s, chars[k], false), a, e);
    i++;
  }
  return { groups, groupOf };
}

/** Where one token can take the automaton from `q`: the distinct target states, and whether some token ends the value. */
export interface Targets {
  readonly states: Int32Array;
  readonly ends: boolean;
}

export function walkTargets(trie: TokenTrie, d: Dfa, final: Uint8Array, spillOk: Uint8Array, q: number): Targets {
  const { states } = scratch(trie);
  const { byte, depth, subtreeEnd, tokenStart } = trie;
  const seen = new Set<number>();
  let ends = false;
  states[0] = q;
  let i = 1;
  while (i < trie.nodeCount) {
    const k = depth[i];
    const p = states[k - 1];
    const s = d.trans[p * 256 + byte[i]];
    if (s < 0) {
      if (k > 1 && final[p] === 1 && spillOk[byte[i]] === 1 && tokenStart[i] !== tokenStart[subtreeEnd[i]]) ends = true;
      i = subtreeEnd[i];
      continue;
    }
    states[k] = s;
    if (tokenStart[i] !== tokenStart[i + 1]) {
      seen.add(s);
      if (d.accept[s] === 1) ends = true;
    }
    i++;
  }
  return { states: Int32Array.from(seen), ends };
}
