/**
 * The fast path for character-length caps: instead of a new automaton state per length, tokens are
 * split once per automaton state by where they lead, and a cap is applied by intersecting with a
 * per-vocabulary "tokens of at most L characters" bitset. A mask for (state, count) is then a few
 * bitset ANDs/ORs, whatever the count — the reason `len(X) < n` costs no more than the pattern.
 * Valid where each target state's completion lengths form one interval and no `!=` applies (see
 * compiled.ts for the exact condition).
 */
import type { Group, Grouped } from "./walk.js";
import type { TokenTrie } from "./trie.js";

export interface LengthTable {
  /** Distinct target states of ordinary (non-overshoot) tokens. */
  readonly states: Int32Array;
  /** Per target state: the tokens leading there, as a bitset when many, else as a list. */
  readonly bitsets: readonly (Uint32Array | undefined)[];
  readonly lists: readonly (Int32Array | undefined)[];
  /** Per list entry: the token's characters. */
  readonly listChars: readonly (Uint16Array | undefined)[];
  /** Overshoot tokens by group (where the value ends inside them): each group is checked once. */
  readonly overshootGroups: readonly Group[];
  readonly overshootIds: readonly Int32Array[];
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
  const groupSlot = Int32Array.from(groups, (g) => (g.overshoot ? -1 : slot.get(g.state)!));
  const members: number[][] = Array.from({ length: slot.size }, () => []);
  const overshoot: number[] = [];
  for (let k = 0; k < groupOf.length; k++) {
    const g = groupOf[k];
    if (g < 0) continue;
    const sl = groupSlot[g];
    if (sl < 0) overshoot.push(k);
    else members[sl].push(k);
  }
  const words = (trie.vocabSize + 31) >>> 5;
  const dense = members.map((m) => m.length * 4 > words);
  const bitsets = members.map((m, i) => {
    if (!dense[i]) return undefined;
    const bits = new Uint32Array(words);
    for (const k of m) bits[trie.tokens[k] >>> 5] |= 1 << (trie.tokens[k] & 31);
    return bits;
  });
  const lists = members.map((m, i) => (dense[i] ? undefined : Int32Array.from(m, (k) => trie.tokens[k])));
  const listChars = members.map((m, i) => (dense[i] ? undefined : Uint16Array.from(m, (k) => groups[groupOf[k]].chars)));
  return {
    states: Int32Array.from(slot.keys()),
    bitsets,
    lists,
    listChars,
    ...overshootByGroup(trie, grouped, overshoot),
  };
}

function overshootByGroup(trie: TokenTrie, { groups, groupOf }: Grouped, positions: readonly number[]): Pick<LengthTable, "overshootGroups" | "overshootIds"> {
  const byGroup = new Map<number, number[]>();
  for (const k of positions) {
    const list = byGroup.get(groupOf[k]);
    if (list === undefined) byGroup.set(groupOf[k], [trie.tokens[k]]);
    else list.push(trie.tokens[k]);
  }
  return {
    overshootGroups: [...byGroup.keys()].map((g) => groups[g]),
    overshootIds: [...byGroup.values()].map((ids) => Int32Array.from(ids)),
  };
}

/** Per trie: tokens by character count, and atMost[L] (tokens of at most L characters) built on demand. */
interface LengthIndex {
  readonly byLength: readonly Int32Array[];
  readonly atMost: Uint32Array[];
}

const perTrie = new WeakMap<TokenTrie, LengthIndex>();

/** Character counts from one preorder pass over the trie (a token's count is its node's). */
function indexLengths(trie: TokenTrie): LengthIndex {
  const chars = new Int32Array(trie.maxDepth + 1);
  const lists: number[][] = [];
  for (let i = 1; i < trie.nodeCount; i++) {
    const k = trie.depth[i];
    chars[k] = chars[k - 1] + ((trie.byte[i] & 0xc0) === 0x80 ? 0 : 1);
    for (let t = trie.tokenStart[i]; t < trie.tokenStart[i + 1]; t++) (lists[chars[k]] ??= []).push(trie.tokens[t]);
  }
  return { byLength: Array.from({ length: lists.length }, (_, n) => Int32Array.from(lists[n] ?? [])), atMost: [] };
}

/** Tokens of at most `limit` characters, or undefined when every token fits. */
export function tokensAtMost(trie: TokenTrie, limit: number): Uint32Array | undefined {
  let index = perTrie.get(trie);
  if (index === undefined) {
    index = indexLengths(trie);
    perTrie.set(trie, index);
  }
  const { byLength, atMost } = index;
  if (limit >= byLength.length - 1) return undefined;
  while (atMost.length <= limit) {
    const next = atMost.length === 0 ? new Uint32Array((trie.vocabSize + 31) >>> 5) : atMost[atMost.length - 1].slice();
    for (const id of byLength[atMost.length]) next[id >>> 5] |= 1 << (id & 31);
    atMost.push(next);
  }
  return atMost[limit];
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
    if (src === undefined) {
      const ids = table.lists[i]!;
      const chars = table.listChars[i]!;
      for (let k = 0; k < ids.length; k++) if (chars[k] <= limit) into[ids[k] >>> 5] |= 1 << (ids[k] & 31);
      continue;
    }
    const cap = atMost(limit);
    if (cap === undefined) for (let w = 0; w < into.length; w++) into[w] |= src[w];
    else for (let w = 0; w < into.length; w++) into[w] |= src[w] & cap[w];
  }
}
