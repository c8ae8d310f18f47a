/**
 * Trie walks: from one automaton state, run every token's bytes at once by scanning the preorder
 * trie, skipping a whole subtree as soon as its prefix kills the automaton.
 *
 * Overshoot rule: when a prefix of a token drives the automaton into a *final* state (accepting, no
 * byte may follow — e.g. right after a STOPS_AT phrase) and the token has more bytes, the token is
 * allowed: the value ends inside it, after that prefix, and the rest of the token is not part of the
 * value (the runtime cuts it; `Advance.valueEndsAfter`). Prefixes of length 0 never count, so a
 * value that has already ended allows no token.
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
  readonly ids: Int32Array;
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
export function walkBitset(trie: TokenTrie, d: Dfa, final: Uint8Array, q: number): Uint32Array {
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
      if (k > 1 && final[p] === 1) setRange(bits, tokens, tokenStart[i], tokenStart[subtreeEnd[i]]);
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

/** Allowed tokens from `q` grouped by where they lead, for counters to filter. */
export function walkGroups(trie: TokenTrie, d: Dfa, final: Uint8Array, q: number): Group[] {
  const { states, chars } = scratch(trie);
  const { byte, depth, subtreeEnd, tokenStart, tokens } = trie;
  const trans = d.trans;
  const lists = new Map<number, number[]>();
  const add = (state: number, c: number, overshoot: boolean, from: number, to: number): void => {
    const key = (state * (trie.maxDepth + 1) + c) * 2 + (overshoot ? 1 : 0);
    let list = lists.get(key);
    if (list === undefined) lists.set(key, (list = []));
    for (let k = from; k < to; k++) list.push(tokens[k]);
  };
  states[0] = q;
  chars[0] = 0;
  let i = 1;
  while (i < trie.nodeCount) {
    const k = depth[i];
    const p = states[k - 1];
    const b = byte[i];
    const s = trans[p * 256 + b];
    if (s < 0) {
      if (k > 1 && final[p] === 1) add(p, chars[k - 1], true, tokenStart[i], tokenStart[subtreeEnd[i]]);
      i = subtreeEnd[i];
      continue;
    }
    states[k] = s;
    chars[k] = chars[k - 1] + ((b & 0xc0) === 0x80 ? 0 : 1);
    const a = tokenStart[i];
    const e = tokenStart[i + 1];
    if (a !== e) add(s, chars[k], false, a, e);
    i++;
  }
  const groups: Group[] = [];
  for (const [key, list] of lists) {
    const state = Math.floor(key / 2 / (trie.maxDepth + 1));
    groups.push({ state, chars: Math.floor(key / 2) - state * (trie.maxDepth + 1), overshoot: (key & 1) === 1, ids: Int32Array.from(list) });
  }
  return groups;
}
