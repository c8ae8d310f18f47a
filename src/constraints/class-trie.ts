/**
 * A token trie over byte *classes*: bytes that every state of a DFA treats alike are merged, so all
 * tokens with the same class signature (e.g. every 4-letter word under `[A-Za-z ,]{1,39}\.`) share
 * one path. Walks stay exact (a class's representative byte stands for all of it) and visit a few
 * thousand nodes instead of hundreds of thousands. Built from the byte trie, cached per partition.
 */
import { byteClasses, isContinuation, type Dfa } from "./dfa.js";
import type { TokenTrie } from "./trie.js";

const cache = new WeakMap<TokenTrie, Map<string, TokenTrie>>();

/**
 * Byte classes of the DFA, split further so a class never mixes continuation and lead bytes, nor
 * bytes the overshoot rule treats differently (`spillOk`).
 */
function representatives(d: Dfa, spillOk: Uint8Array): Uint8Array {
  const classes = byteClasses(d);
  const rep = new Uint8Array(256);
  const first = new Map<number, number>();
  for (let b = 0; b < 256; b++) {
    const key = classes[b] * 4 + (isContinuation(b) ? 2 : 0) + spillOk[b];
    let r = first.get(key);
    if (r === undefined) first.set(key, (r = b));
    rep[b] = r;
  }
  return rep;
}

export function classTrieOf(trie: TokenTrie, d: Dfa, spillOk: Uint8Array): TokenTrie {
  const rep = representatives(d, spillOk);
  const key = Array.from(rep).join(",");
  let perTrie = cache.get(trie);
  if (perTrie === undefined) cache.set(trie, (perTrie = new Map()));
  let out = perTrie.get(key);
  if (out === undefined) {
    out = build(trie, rep);
    perTrie.set(key, out);
  }
  return out;
}

/** Maps every byte-trie node to a class-trie node, then lays the class trie out in preorder. */
function build(trie: TokenTrie, rep: Uint8Array): TokenTrie {
  const childKey = new Map<number, number>();
  const nodeByte: number[] = [0];
  const nodeDepth: number[] = [0];
  const children: number[][] = [[]];
  const tokensAt: number[][] = [[]];
  const path = new Int32Array(trie.maxDepth + 1);
  for (let i = 1; i < trie.nodeCount; i++) {
    const k = trie.depth[i];
    const parent = path[k - 1];
    const r = rep[trie.byte[i]];
    const ck = parent * 256 + r;
    let node = childKey.get(ck);
    if (node === undefined) {
      node = nodeByte.length;
      childKey.set(ck, node);
      nodeByte.push(r);
      nodeDepth.push(k);
      children.push([]);
      tokensAt.push([]);
      children[parent].push(node);
    }
    path[k] = node;
    for (let t = trie.tokenStart[i]; t < trie.tokenStart[i + 1]; t++) tokensAt[node].push(trie.tokens[t]);
  }
  return flatten(trie, nodeByte, nodeDepth, children, tokensAt);
}

function flatten(trie: TokenTrie, nodeByte: number[], nodeDepth: number[], children: number[][], tokensAt: number[][]): TokenTrie {
  const n = nodeByte.length;
  const byte = new Uint8Array(n);
  const depth = new Uint16Array(n);
  const subtreeEnd = new Int32Array(n);
  const tokenStart = new Int32Array(n + 1);
  const tokens = new Int32Array(trie.tokens.length);
  let at = 0;
  let count = 0;
  // Iterative preorder; a negative entry closes the subtree of the node it names.
  const stack: number[] = [0];
  const position = new Int32Array(n);
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x < 0) {
      subtreeEnd[position[~x]] = count;
      continue;
    }
    const p = count++;
    position[x] = p;
    byte[p] = nodeByte[x];
    depth[p] = nodeDepth[x];
    tokenStart[p] = at;
    for (const id of tokensAt[x]) tokens[at++] = id;
    stack.push(~x);
    const kids = children[x];
    for (let c = kids.length - 1; c >= 0; c--) stack.push(kids[c]);
  }
  tokenStart[n] = at;
  return { vocabSize: trie.vocabSize, nodeCount: n, byte, depth, subtreeEnd, tokenStart, tokens, maxDepth: trie.maxDepth };
}
