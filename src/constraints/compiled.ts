/**
 * A compiled constraint: a plan (DFA + counters), its analysis, and the caches that make repeated
 * masks cheap. State = (DFA state, characters generated, tokens generated, ended-inside-a-token).
 *
 * Exactness: a token is allowed iff after it the value can still be completed — the DFA state is
 * live, some reachable completion length satisfies the character counter, and the token budget
 * allows a completion: with 0 or 1 tokens left exactly (end now, or one more token that ends it,
 * counters included); with more, by the DFA alone (token-budget.ts), not jointly with a character
 * counter.
 */
import type { Advance, CompiledConstraint, Mask, MaskState, Vocabulary } from "./engine.js";
import type { Dfa } from "./dfa.js";
import type { ConstraintSpec } from "./spec.js";
import type { Analysis } from "./analysis.js";
import type { Plan } from "./lower.js";
import type { TokenTrie } from "./trie.js";
import { allowsLength } from "./length-set.js";
import { walkBitset, walkGroups, type Group, type Grouped } from "./walk.js";
import { checkFinished, evaluateSpec } from "./evaluate.js";
import { isContinuation } from "./dfa.js";
import { capMask, lengthTable, tokensAtMost, type LengthTable } from "./length-masks.js";
import { TokenBudget } from "./token-budget.js";

interface Chunk {
  readonly prev: Chunk | undefined;
  readonly bytes: Uint8Array;
  readonly length: number;
}

interface State extends MaskState {
  readonly q: number;
  readonly chars: number;
  readonly tokens: number;
  readonly ended: boolean;
  readonly text: Chunk | undefined;
}

function makeState(q: number, chars: number, tokens: number, ended: boolean, text: Chunk | undefined): State {
  return { q, chars, tokens, ended, text } as State;
}

function append(text: Chunk | undefined, bytes: Uint8Array): Chunk | undefined {
  if (bytes.length === 0) return text;
  return { prev: text, bytes, length: (text?.length ?? 0) + bytes.length };
}

function concat(text: Chunk | undefined): Uint8Array {
  const out = new Uint8Array(text?.length ?? 0);
  for (let c = text; c !== undefined; c = c.prev) out.set(c.bytes, c.length - c.bytes.length);
  return out;
}

function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    let v = bits[i];
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/**
 * Cache bounds (entries of up to vocabulary/8 bytes each: 16 KB at 128k tokens); a full cache is
 * dropped whole — decoding revisits recent states.
 */
const MASK_CACHE_LIMIT = 1024;
const BITSET_CACHE_LIMIT = 512;
const GROUP_CACHE_LIMIT = 32;
const decoder = new TextDecoder();

function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

export class Compiled implements CompiledConstraint {
  private readonly bitsets = new Map<number, Uint32Array>();
  private readonly groups = new Map<number, Grouped>();
  private readonly masks = new Map<string, Mask>();
  private readonly tables = new Map<number, LengthTable | null>();
  private tokenBudget: TokenBudget | undefined;
  private readonly empty: Uint32Array;

  constructor(
    readonly spec: ConstraintSpec,
    private readonly plan: Plan,
    private readonly analysis: Analysis,
    private readonly vocab: Vocabulary,
    private readonly trie: TokenTrie,
  ) {
    this.empty = new Uint32Array((vocab.size + 31) >>> 5);
  }

  /** Number of automaton states (for diagnostics and the benchmark). */
  get stateCount(): number {
    return this.plan.dfa.states;
  }

  start(): MaskState {
    return makeState(0, 0, 0, false, undefined);
  }

  mask(state: MaskState): Mask {
    const s = state as State;
    const key = this.maskKey(s);
    let m = this.masks.get(key);
    if (m === undefined) {
      if (this.masks.size >= MASK_CACHE_LIMIT) this.masks.clear();
      m = this.computeMask(s);
      this.masks.set(key, m);
    }
    return m;
  }

  /** Only what the mask depends on: counters enter the key only when they can matter. */
  private maskKey(s: State): string {
    if (s.ended) return "ended";
    // Whether the value holds then depends on more than the automaton state: the text is the key.
    if (this.plan.approximate) return `${s.q}:${s.chars}:${s.tokens}:${this.generated(s)}`;
    const v = this.variant(s.tokens + 1) === this.plan.dfa ? "" : "p";
    if (!this.needsGroups(s) && !this.plan.approximate) return `${s.q}${v}`;
    return `${s.q}${v}:${s.chars}:${s.tokens}`;
  }

  /**
   * The automaton for a token that brings the count to `tokens`: stopping phrases fire only where
   * the token count allows the value to end (LMQL's side conditions, e.g. `len(TOKENS(X)) > 20`).
   */
  private variant(tokens: number): Dfa {
    return this.plan.patient !== undefined && !this.tokensAllow(tokens) ? this.plan.patient : this.plan.dfa;
  }

  private needsGroups(s: State): boolean {
    return this.plan.chars !== undefined || this.tokenSensitive(s);
  }

  /**
   * The token counter matters for the next token: a minimum is unmet, or the budget left after it
   * is below what some state may need to complete (see token-budget.ts).
   */
  private tokenSensitive(s: State): boolean {
    const tokens = this.plan.tokens;
    if (tokens === undefined) return false;
    const left = tokens.max - (s.tokens + 1);
    return left <= 1 || s.tokens + 1 < tokens.min || left < this.budget().horizon;
  }

  private budget(): TokenBudget {
    this.tokenBudget ??= new TokenBudget(this.trie, this.plan.dfa, this.analysis.final, this.plan.spillOk);
    return this.tokenBudget;
  }

  private computeMask(s: State): Mask {
    const canEnd = this.canEnd(s);
    let allowed = this.allowedTokens(s);
    if (this.plan.approximate && allowed !== this.empty) allowed = this.endsThatHold(allowed, s);
    const count = allowed === this.empty ? 0 : popcount(allowed);
    const forced = canEnd || count === 0 ? undefined : this.forcedBytes(s.q);
    const base = { allowed, count, canEnd, mustEnd: canEnd && count === 0 };
    return forced === undefined ? base : { ...base, forced };
  }

  /**
   * With a term the automaton cannot decide (`approximate`), a token after which the value must end
   * is allowed only if the value then holds (checked on the text, per token).
   */
  private endsThatHold(bits: Uint32Array, s: State): Uint32Array {
    const out = bits.slice();
    for (let w = 0; w < out.length; w++) {
      for (let word = out[w]; word !== 0; word &= word - 1) {
        const bit = word & -word;
        const a = this.consume(s, this.vocab.bytes(w * 32 + 31 - Math.clz32(bit)), 1);
        const n = a?.state as State | undefined;
        if (n !== undefined && (n.ended || this.analysis.final[n.q] === 1) && !this.canEnd(n)) out[w] &= ~bit;
      }
    }
    return out;
  }

  private allowedTokens(s: State): Uint32Array {
    const tokens = this.plan.tokens;
    if (s.ended || this.analysis.final[s.q] === 1) return this.empty;
    if (tokens !== undefined && s.tokens + 1 > tokens.max) return this.empty;
    const d = this.variant(s.tokens + 1);
    if (!this.needsGroups(s)) return this.bitsetOf(s.q, d);
    const table = this.tokenSensitive(s) ? undefined : this.lengthTableOf(s.q, d);
    if (table !== undefined) return this.capped(table, s);
    const { groups, groupOf } = this.groupsOf(s.q, d);
    const pass = Uint8Array.from(groups, (g) => (this.groupPasses(g, s.chars, s.tokens + 1) ? 1 : 0));
    if (!pass.includes(1)) return this.empty;
    const bits = new Uint32Array(this.empty.length);
    const ids = this.trie.tokens;
    for (let k = 0; k < groupOf.length; k++) {
      const g = groupOf[k];
      if (g >= 0 && pass[g] === 1) bits[ids[k] >>> 5] |= 1 << (ids[k] & 31);
    }
    return bits;
  }

  private lengthTableOf(q: number, d: Dfa): LengthTable | undefined {
    const chars = this.plan.chars;
    const { upClosed, contiguous } = this.analysis;
    if (chars === undefined || upClosed === undefined || contiguous === undefined || chars.excluded.length > 0) return undefined;
    // With one interval of completion lengths, only the cap bounds a token's length (a minimum can
    // be met by padding where the state allows it, and needs no check when it is 0).
    const eligible = (state: number): boolean => contiguous[state] === 1 && (chars.min === 0 || upClosed[state] === 1);
    const key = this.cacheKey(q, d);
    let table = this.tables.get(key);
    if (table === undefined) {
      if (this.tables.size >= GROUP_CACHE_LIMIT * 2) this.tables.clear();
      table = lengthTable(this.trie, this.groupsOf(q, d), eligible) ?? null;
      this.tables.set(key, table);
    }
    return table ?? undefined;
  }

  /** The character-cap fast path (see length-masks.ts). */
  private capped(table: LengthTable, s: State): Uint32Array {
    const bits = new Uint32Array(this.empty.length);
    const max = this.plan.chars!.max;
    const { minReach } = this.analysis;
    capMask(table, bits, (state) => max - minReach![state] - s.chars, (limit) => tokensAtMost(this.trie, limit));
    table.overshootGroups.forEach((g, i) => {
      if (!this.groupPasses(g, s.chars, s.tokens + 1)) return;
      for (const id of table.overshootIds[i]) bits[id >>> 5] |= 1 << (id & 31);
    });
    return bits;
  }

  private cacheKey(q: number, d: Dfa): number {
    return d === this.plan.dfa ? q : -1 - q;
  }

  private bitsetOf(q: number, d: Dfa): Uint32Array {
    const key = this.cacheKey(q, d);
    let bits = this.bitsets.get(key);
    if (bits === undefined) {
      if (this.bitsets.size >= BITSET_CACHE_LIMIT) this.bitsets.clear();
      bits = walkBitset(this.trie, d, this.analysis.final, this.plan.spillOk, q);
      this.bitsets.set(key, bits);
    }
    return bits;
  }

  private groupsOf(q: number, d: Dfa): Grouped {
    const key = this.cacheKey(q, d);
    let g = this.groups.get(key);
    if (g === undefined) {
      // A grouping holds an entry per token (hundreds of KB at 128k tokens): keep few.
      if (this.groups.size >= GROUP_CACHE_LIMIT) this.groups.clear();
      g = walkGroups(this.trie, d, this.analysis.final, this.plan.spillOk, q);
      this.groups.set(key, g);
    }
    return g;
  }

  private groupPasses(g: Group, chars: number, tokens: number): boolean {
    const total = chars + g.chars;
    if (g.overshoot) return this.acceptNow(g.state, total) && this.tokensAllow(tokens);
    return this.viable(g.state, total, tokens);
  }

  private tokensAllow(n: number): boolean {
    return this.plan.tokens === undefined || allowsLength(this.plan.tokens, n);
  }

  /** The value may end at DFA state `q` after `total` generated characters. */
  private acceptNow(q: number, total: number): boolean {
    if (this.plan.dfa.accept[q] === 0) return false;
    return this.plan.chars === undefined || allowsLength(this.plan.chars, total);
  }

  /** Some completion from `q` satisfies the character counter (the DFA alone: q is live). */
  private charViable(q: number, total: number): boolean {
    const { reach, horizon, minReach } = this.analysis;
    const chars = this.plan.chars;
    if (chars === undefined) return true;
    if (reach === undefined) return minReach !== undefined && minReach[q] >= 0 && total + minReach[q] <= chars.max;
    const width = horizon + 1;
    for (let r = 0; r <= horizon; r++) {
      const n = total + r;
      if (n > chars.max) return false;
      if (reach[q * width + r] === 1 && allowsLength(chars, n)) return true;
    }
    return false;
  }

  private viable(q: number, total: number, tokens: number): boolean {
    const budget = this.plan.tokens === undefined ? Infinity : this.plan.tokens.max - tokens;
    const endNow = this.acceptNow(q, total) && this.tokensAllow(tokens);
    if (budget <= 0 || endNow) return endNow;
    if (!this.charViable(q, total)) return false;
    if (budget === 1) return this.groupsOf(q, this.variant(tokens + 1)).groups.some((g) => this.acceptNow(g.state, total + g.chars) && this.tokensAllow(tokens + 1));
    return budget === Infinity || this.budget().fits(q, budget);
  }

  private canEnd(s: State): boolean {
    if (!this.acceptNow(s.q, s.chars) || !this.tokensAllow(s.tokens)) return false;
    return !this.plan.approximate || evaluateSpec(this.spec, this.generated(s), s.tokens).ok;
  }

  /** Bytes every continuation must start with, up to the next choice or possible end (whole characters). */
  private forcedBytes(q: number): Uint8Array | undefined {
    const out: number[] = [];
    const { dfa } = this.plan;
    let s = q;
    while (dfa.accept[s] === 0 && this.analysis.onlyByte[s] >= 0 && out.length < 4096) {
      const b = this.analysis.onlyByte[s];
      out.push(b);
      s = dfa.trans[s * 256 + b];
    }
    // Stop at a character boundary: the runtime tokenizes forced bytes as text.
    let end = out.length;
    let back = end - 1;
    while (back >= 0 && isContinuation(out[back])) back--;
    if (back >= 0 && out[back] >= 0xc0 && end - back < utf8Length(out[back])) end = back;
    return end === 0 ? undefined : Uint8Array.from(out.slice(0, end));
  }

  advance(state: MaskState, tokenId: number): Advance | undefined {
    const s = state as State;
    if (tokenId < 0 || tokenId >= this.vocab.size) return undefined;
    const m = this.mask(s);
    if ((m.allowed[tokenId >>> 5] & (1 << (tokenId & 31))) === 0) return undefined;
    return this.consume(s, this.vocab.bytes(tokenId), 1);
  }

  advanceBytes(state: MaskState, bytes: Uint8Array, tokens = 0): Advance | undefined {
    const s = state as State;
    if (s.ended) return bytes.length === 0 ? { state: s } : undefined;
    const next = this.consume(s, bytes, tokens);
    if (next === undefined) return undefined;
    const n = next.state as State;
    if (this.plan.tokens !== undefined && n.tokens > this.plan.tokens.max) return undefined;
    if (n.ended) return this.canEnd(n) ? next : undefined;
    // The same test as the mask's: the value can end here or be completed in the tokens left.
    if (this.analysis.final[n.q] === 1 && !this.canEnd(n)) return undefined;
    return this.viable(n.q, n.chars, n.tokens) ? next : undefined;
  }

  /** Runs bytes through the DFA; a dead byte right after a final state ends the value there. */
  private consume(s: State, bytes: Uint8Array, tokens: number): Advance | undefined {
    const { trans } = this.variant(s.tokens + tokens);
    let q = s.q;
    let chars = s.chars;
    for (let i = 0; i < bytes.length; i++) {
      const next = trans[q * 256 + bytes[i]];
      if (next < 0) {
        if (i === 0 || this.analysis.final[q] === 0 || this.plan.spillOk[bytes[i]] === 0) return undefined;
        const state = makeState(q, chars, s.tokens + tokens, true, append(s.text, bytes.slice(0, i)));
        return { state, valueEndsAfter: i };
      }
      q = next;
      if (!isContinuation(bytes[i])) chars++;
    }
    return { state: makeState(q, chars, s.tokens + tokens, false, append(s.text, bytes.slice())) };
  }

  isComplete(state: MaskState): boolean {
    return this.canEnd(state as State);
  }

  value(state: MaskState): string {
    const s = state as State;
    const bytes = concat(s.text);
    return decoder.decode(bytes.subarray(0, bytes.length - this.plan.stripBytes[s.q]));
  }

  generated(state: MaskState): string {
    return decoder.decode(concat((state as State).text));
  }

  verify(state: MaskState): { readonly ok: boolean; readonly reason?: string } {
    const s = state as State;
    return checkFinished(this.spec, this.generated(s), this.value(s), s.tokens);
  }

  valueComplete(text: string): { readonly ok: boolean; readonly reason?: string } {
    return evaluateSpec(this.spec, text, undefined);
  }
}
