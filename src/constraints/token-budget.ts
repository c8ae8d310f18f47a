/**
 * Can the value still be completed within a token budget? Tokens hold at least one byte, so where
 * the vocabulary has every single-byte token a completion of m bytes fits in m tokens; only when the
 * shortest completion is longer than the budget do we search, breadth-first over real token
 * transitions, for a completion in few enough tokens. The search ignores character counters (those
 * are checked separately) and gives up — assuming it fits — after a bounded number of trie walks.
 */
import type { Dfa } from "./dfa.js";
import type { TokenTrie } from "./trie.js";
import { walkTargets, type Targets } from "./walk.js";

const MAX_WALKS = 64;

/** Fewest bytes from each state to an accepting state (−1: none). */
export function minBytesToAccept(d: Dfa): Int32Array {
  const dist = new Int32Array(d.states).fill(-1);
  const rev: number[][] = Array.from({ length: d.states }, () => []);
  for (let s = 0; s < d.states; s++) {
    for (let b = 0; b < 256; b++) {
      const t = d.trans[s * 256 + b];
      if (t >= 0) rev[t].push(s);
    }
  }
  let frontier: number[] = [];
  for (let s = 0; s < d.states; s++) if (d.accept[s] === 1) { dist[s] = 0; frontier.push(s); }
  for (let n = 1; frontier.length > 0; n++) {
    const next: number[] = [];
    for (const t of frontier) for (const s of rev[t]) if (dist[s] < 0) { dist[s] = n; next.push(s); }
    frontier = next;
  }
  return dist;
}

/** Every byte that can occur in UTF-8 text is a token of its own. */
export function hasAllSingleBytes(trie: TokenTrie): boolean {
  const have = new Uint8Array(256);
  // Depth-1 nodes with a token are the single-byte tokens.
  for (let i = 1; i < trie.nodeCount; i = trie.subtreeEnd[i]) if (trie.tokenStart[i] !== trie.tokenStart[i + 1]) have[trie.byte[i]] = 1;
  for (let b = 0; b < 256; b++) {
    const neverInUtf8 = b === 0xc0 || b === 0xc1 || b >= 0xf5;
    if (!neverInUtf8 && have[b] === 0) return false;
  }
  return true;
}

export class TokenBudget {
  private readonly targets = new Map<number, Targets>();
  private readonly memo = new Map<number, boolean>();
  private readonly minBytes: Int32Array;
  private readonly singleBytes: boolean;

  constructor(private readonly trie: TokenTrie, private readonly d: Dfa, private readonly final: Uint8Array, private readonly spillOk: Uint8Array) {
    this.minBytes = minBytesToAccept(d);
    this.singleBytes = hasAllSingleBytes(trie);
  }

  /** The largest shortest-completion length in bytes: budgets at or above it never bind. */
  get horizon(): number {
    return this.singleBytes ? Math.max(0, ...this.minBytes) : Infinity;
  }

  /** Some completion from `q` uses at most `budget` more tokens (DFA only). */
  fits(q: number, budget: number): boolean {
    if (this.d.accept[q] === 1) return true;
    if (budget <= 0) return false;
    if (this.singleBytes && this.minBytes[q] >= 0 && this.minBytes[q] <= budget) return true;
    const key = q * 1024 + Math.min(budget, 1023);
    let ok = this.memo.get(key);
    if (ok === undefined) {
      ok = this.search(q, budget);
      this.memo.set(key, ok);
    }
    return ok;
  }

  private search(q: number, budget: number): boolean {
    let frontier = [q];
    const seen = new Set<number>(frontier);
    let walks = 0;
    for (let level = 1; level <= budget && frontier.length > 0; level++) {
      const next: number[] = [];
      for (const s of frontier) {
        if (++walks > MAX_WALKS) return true;
        const t = this.targetsOf(s);
        if (t.ends) return true;
        for (const n of t.states) if (!seen.has(n)) { seen.add(n); next.push(n); }
      }
      frontier = next;
    }
    return false;
  }

  private targetsOf(q: number): Targets {
    let t = this.targets.get(q);
    if (t === undefined) {
      t = walkTargets(this.trie, this.d, this.final, this.spillOk, q);
      this.targets.set(q, t);
    }
    return t;
  }
}
