/**
 * A token trie over a vocabulary's byte strings, stored as flat typed arrays in preorder so a mask
 * walk is one forward scan that can jump over a whole subtree (`subtreeEnd`) where the automaton
 * dies. Built once per vocabulary; special and empty tokens are left out (never allowed in a value).
 */
import type { Vocabulary } from "./engine.js";

export interface TokenTrie {
  readonly vocabSize: number;
  /** Nodes in preorder; node 0 is the root (empty prefix). */
  readonly nodeCount: number;
  /** The byte on the edge into each node. */
  readonly byte: Uint8Array;
  readonly depth: Uint16Array;
  /** One past the last node of each node's subtree. */
  readonly subtreeEnd: Int32Array;
  /** Tokens ending at node i are tokens[tokenStart[i] .. tokenStart[i+1]); a subtree's tokens are contiguous. */
  readonly tokenStart: Int32Array;
  readonly tokens: Int32Array;
  /** Bytes in the longest token. */
  readonly maxDepth: number;
}

const tries = new WeakMap<Vocabulary, TokenTrie>();

/** The trie of a vocabulary, built on first use and kept as long as the vocabulary lives. */
export function trieOf(vocab: Vocabulary): TokenTrie {
  let trie = tries.get(vocab);
  if (trie === undefined) {
    trie = buildTrie(vocab);
    tries.set(vocab, trie);
  }
  return trie;
}

/** Latin-1 keys compare like their bytes, and V8 sorts strings far faster than byte arrays. */
function sortedTokens(vocab: Vocabulary): { ids: Int32Array; keys: string[]; totalBytes: number } {
  const ids: number[] = [];
  const keyOf: string[] = new Array<string>(vocab.size);
  let totalBytes = 0;
  for (let id = 0; id < vocab.size; id++) {
    if (vocab.isSpecial(id)) continue;
    const b = vocab.bytes(id);
    if (b.length === 0) continue;
    keyOf[id] = String.fromCharCode.apply(null, b as unknown as number[]);
    ids.push(id);
    totalBytes += b.length;
  }
  ids.sort((a, b) => (keyOf[a] < keyOf[b] ? -1 : keyOf[a] > keyOf[b] ? 1 : a - b));
  return { ids: Int32Array.from(ids), keys: ids.map((id) => keyOf[id]), totalBytes };
}

export function buildTrie(vocab: Vocabulary): TokenTrie {
  const { ids, keys, totalBytes } = sortedTokens(vocab);
  const cap = totalBytes + 1;
  const byte = new Uint8Array(cap);
  const depth = new Uint16Array(cap);
  const subtreeEnd = new Int32Array(cap);
  const tokenNode = new Int32Array(ids.length);
  // open[k] = the node at depth k on the current path (open[0] = root).
  const open: number[] = [0];
  let count = 1;
  let prev = "";
  let maxDepth = 0;
  for (let t = 0; t < ids.length; t++) {
    const key = keys[t];
    let lcp = 0;
    const limit = Math.min(key.length, prev.length);
    while (lcp < limit && key.charCodeAt(lcp) === prev.charCodeAt(lcp)) lcp++;
    // Close the nodes of the previous path below the common prefix.
    for (let k = open.length - 1; k > lcp; k--) subtreeEnd[open[k]] = count;
    open.length = lcp + 1;
    for (let k = lcp; k < key.length; k++) {
      byte[count] = key.charCodeAt(k);
      depth[count] = k + 1;
      open.push(count);
      count++;
    }
    tokenNode[t] = open[key.length];
    maxDepth = Math.max(maxDepth, key.length);
    prev = key;
  }
  for (let k = open.length - 1; k >= 0; k--) subtreeEnd[open[k]] = count;
  const tokenStart = new Int32Array(count + 1);
  for (let t = 0; t < ids.length; t++) tokenStart[tokenNode[t] + 1]++;
  for (let i = 0; i < count; i++) tokenStart[i + 1] += tokenStart[i];
  return {
    vocabSize: vocab.size,
    nodeCount: count,
    byte: byte.slice(0, count),
    depth: depth.slice(0, count),
    subtreeEnd: subtreeEnd.slice(0, count),
    tokenStart,
    tokens: ids,
    maxDepth,
  };
}

/** Bytes held by the trie's arrays (for the benchmark's memory figure). */
export function trieBytes(trie: TokenTrie): number {
  return trie.byte.byteLength + trie.depth.byteLength + trie.subtreeEnd.byteLength +
    trie.tokenStart.byteLength + trie.tokens.byteLength;
}
