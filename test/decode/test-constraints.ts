/**
 * Small, obviously-correct CompiledConstraint implementations for decoder tests, independent of the
 * real mask engine: each scans the whole vocabulary per mask (fine for tests, far too slow for use).
 */
import type { Advance, CompiledConstraint, Mask, MaskState, Vocabulary } from "../../src/constraints/engine.js";

interface Language {
  /** Some valid value starts with these bytes. */
  viable(b: Uint8Array): boolean;
  /** These bytes are a complete value. */
  complete(b: Uint8Array): boolean;
  /** Complete and nothing can follow. */
  terminal(b: Uint8Array): boolean;
  /** Bytes every valid continuation starts with (fast-forward), if any. */
  forced?(b: Uint8Array): Uint8Array | undefined;
  /** If the value ends inside `b` (a stop phrase), where. */
  cut?(b: Uint8Array): number | undefined;
}

interface State {
  readonly bytes: Uint8Array;
  readonly done: boolean;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const asState = (s: State): MaskState => s as unknown as MaskState;
const fromState = (s: MaskState): State => s as unknown as State;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class LanguageConstraint implements CompiledConstraint {
  masks = 0;
  constructor(private readonly vocab: Vocabulary, private readonly lang: Language) {}

  start(): MaskState {
    return asState({ bytes: new Uint8Array(0), done: false });
  }

  mask(state: MaskState): Mask {
    this.masks++;
    const s = fromState(state);
    const allowed = new Uint32Array((this.vocab.size + 31) >>> 5);
    if (s.done) return { allowed, count: 0, canEnd: true, mustEnd: true };
    let count = 0;
    for (let id = 0; id < this.vocab.size; id++) {
      if (this.vocab.isSpecial(id)) continue;
      const t = this.vocab.bytes(id);
      if (t.length === 0) continue;
      if (this.advanceBytes(state, t) !== undefined) {
        allowed[id >>> 5] |= 1 << (id & 31);
        count++;
      }
    }
    const canEnd = this.lang.complete(s.bytes);
    const mustEnd = this.lang.terminal(s.bytes);
    const forced = canEnd ? undefined : this.lang.forced?.(s.bytes);
    return forced === undefined || forced.length === 0 ? { allowed, count, canEnd, mustEnd } : { allowed, count, canEnd, mustEnd, forced };
  }

  advance(state: MaskState, tokenId: number): Advance | undefined {
    if (this.vocab.isSpecial(tokenId)) return undefined;
    return this.advanceBytes(state, this.vocab.bytes(tokenId));
  }

  advanceBytes(state: MaskState, bytes: Uint8Array): Advance | undefined {
    const s = fromState(state);
    if (s.done) return undefined;
    const next = concat(s.bytes, bytes);
    const cut = this.lang.cut?.(next);
    if (cut !== undefined) {
      const state2 = asState({ bytes: next.slice(0, cut), done: true });
      return cut < next.length ? { state: state2, valueEndsAfter: cut - s.bytes.length } : { state: state2 };
    }
    return this.lang.viable(next) ? { state: asState({ bytes: next, done: false }) } : undefined;
  }

  isComplete(state: MaskState): boolean {
    const s = fromState(state);
    return s.done || this.lang.complete(s.bytes);
  }

  value(state: MaskState): string {
    return dec.decode(fromState(state).bytes);
  }

  generated(state: MaskState): string {
    return this.value(state);
  }

  valueComplete(text: string): { readonly ok: boolean; readonly reason?: string } {
    return this.lang.complete(enc.encode(text)) ? { ok: true } : { ok: false, reason: "not in the language" };
  }
}

function startsWith(b: Uint8Array, p: Uint8Array): boolean {
  if (p.length > b.length) return false;
  for (let i = 0; i < p.length; i++) if (b[i] !== p[i]) return false;
  return true;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

/** Any text; `canEnd` decides whether end-of-sequence is allowed. */
export function anything(vocab: Vocabulary, canEnd = true): LanguageConstraint {
  return new LanguageConstraint(vocab, { viable: () => true, complete: () => canEnd, terminal: () => false });
}

/** Nothing at all: every token is masked and the value cannot end. */
export function nothing(vocab: Vocabulary): LanguageConstraint {
  return new LanguageConstraint(vocab, { viable: (b) => b.length === 0, complete: () => false, terminal: () => false });
}

/** `X in [options]`, fast-forwarding through the bytes all remaining options share. */
export function oneOf(vocab: Vocabulary, options: readonly string[]): LanguageConstraint {
  const opts = options.map((o) => enc.encode(o));
  return new LanguageConstraint(vocab, {
    viable: (b) => opts.some((o) => startsWith(o, b)),
    complete: (b) => opts.some((o) => equal(o, b)),
    terminal: (b) => opts.some((o) => equal(o, b)) && !opts.some((o) => o.length > b.length && startsWith(o, b)),
    forced: (b) => {
      const rest = opts.filter((o) => startsWith(o, b)).map((o) => o.subarray(b.length));
      if (rest.length === 0) return undefined;
      let n = Math.min(...rest.map((r) => r.length));
      for (const r of rest) for (let i = 0; i < n; i++) if (r[i] !== rest[0][i]) n = i;
      return rest[0].slice(0, n);
    },
  });
}

/** STOPS_AT(X, stop): the value ends as soon as it contains `stop` (included). */
export function stopsAt(vocab: Vocabulary, stop: string): LanguageConstraint {
  const s = enc.encode(stop);
  const find = (b: Uint8Array): number => {
    outer: for (let i = 0; i + s.length <= b.length; i++) {
      for (let j = 0; j < s.length; j++) if (b[i + j] !== s[j]) continue outer;
      return i;
    }
    return -1;
  };
  return new LanguageConstraint(vocab, {
    viable: (b) => find(b) < 0,
    complete: () => true,
    terminal: () => false,
    cut: (b) => {
      const at = find(b);
      return at < 0 ? undefined : at + s.length;
    },
  });
}
