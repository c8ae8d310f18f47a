/**
 * The fast path for character-length caps: instead of a new automaton state per length, tokens are
 * split once per automaton state by where they lead, and a cap is applied by intersecting with a
 * per-vocabulary "tokens of at most L characters" bitset. A mask for (state, count) is then a few
 * bitset ANDs/ORs, whatever the count — the reason `len(X) < n` costs no more than the pattern.
 * Valid where every target state can pad its value freely (reach is up-closed) and no `!=` applies.
 */
import type { Grouped } from "./walk.js";
import type { TokenTrie } from "./trie.js";

export interface LengthTable {
  /** Distinct target states of ordinary (non-overshoot) tokens. */
  readonly states: Int32Array;
  /** Per target state: the tokens leading there. */
  readonly bitsets: readonly Uint32Array[];
  /** Trie positions of overshoot tokens (few; checked one by one). */
  readonly overshootPositions: Int32Array;
}

/** Tables with more target states than this are not worth it; the general path filters instead. */
const MAX_TARGETS = 48;

export function lengthTable(trie: TokenTrie, grouped: Grouped, eligible: (state: number) => boolean): LengthTable | undefined {
  const { groups, groupOf } = grouped;
  const slot = new Map<number, number>();
  for (const g of groups) {
    if (g.overshoot || slot.has(g.state)) continue;
    if (!eligible(g.state) || slot.size >= MAX_TARGETS) return undefined;
    slot.set(g.state, slot.size);
  }
  const words = (trie.vocabSize + 31) >>> 5;
  const bitsets = Array.from({ length: slot.size }, () => new Uint32Array(words));
  const groupSlot = Int32Array.from(groups, (g) => (g.overshoot ? -1 : slot.get(g.state)!));
  const overshoot: number[] = [];
  for (let k = 0; k < groupOf.length; k++) {
    const g = groupOf[k];
    if (g < 0) continue;
    const sl = groupSlot[g];
    if (sl < 0) overshoot.push(k);
    else bitsets[sl][trie.tokens[k] >>> 5] |= 1 << (trie.tokens[k] & 31);
  }
  return { states: Int32Array.from(slot.keys()), bitsets, overshootPositions: Int32Array.from(overshoot) };
}

interface LengthSets {
  readonly chars: Uint16Array;
  readonly atMost: Map<number, Uint32Array>;
}

const perTrie = new WeakMap<TokenTrie, LengthSets>();

function lengthSets(trie: TokenTrie, vocabBytes: (id: number) => Uint8Array): LengthSets {
  let sets = perTrie.get(trie);
  if (sets === undefined) {
    const chars = new Uint16Array(trie.vocabSize);
    for (const id of trie.tokens) {
      let n = 0;
      for (const b of vocabBytes(id)) if ((b & 0xc0) !== 0x80) n++;
      chars[id] = n;
    }
    sets = { chars, atMost: new Map() };
    perTrie.set(trie, sets);
  }
  return sets;
}

/** Tokens of at most `limit` characters (per vocabulary, built on first use). */
export function tokensAtMost(trie: TokenTrie, vocabBytes: (id: number) => Uint8Array, limit: number): Uint32Array | undefined {
  if (limit >= trie.maxDepth) return undefined; // every token fits
  const sets = lengthSets(trie, vocabBytes);
  let bits = sets.atMost.get(limit);
  if (bits === undefined) {
    bits = new Uint32Array((trie.vocabSize + 31) >>> 5);
    for (const id of trie.tokens) if (sets.chars[id] <= limit) bits[id >>> 5] |= 1 << (id & 31);
    sets.atMost.set(limit, bits);
  }
  return bits;
}

/** OR of (tokens to state s) ∧ (at most limit(s) characters) over the table's states. */
export function capMask(
  table: LengthTable,
  into: Uint32Array,
  limitOf: (state: number) => number,
  atMost: (limit: number) => Uint32Array | undefined,
): void {
  for (let i = 0; i < table.states.length; i++) {
    const limit = limitOf(table.states[i]);
    if (limit < 0) continue;
    const src = table.bitsets[i];
    const cap = atMost(limit);
    if (cap === undefined) for (let w = 0; w < into.length; w++) into[w] |= src[w];
    else for (let w = 0; w < into.length; w++) into[w] |= src[w] & cap[w];
  }
}
