/**
 * `len(TOKENS(X)) op n` under `or`/`not` cannot be a byte automaton, so the automaton assumes it can
 * still hold. Once the token count decides it for good (`len(TOKENS(X)) < 3` is false from the 3rd
 * token on), this wrapper switches to the constraint compiled with that term fixed, replaying the
 * text so far, so the masks stay exact from there: `(len(TOKENS(A)) < 3 or A.endswith("!")) and
 * len(A) < 15` then steers the value to a "!" in time instead of into a dead end.
 */
import type { Advance, CompiledConstraint, Mask, MaskState, Vocabulary } from "./engine.js";
import type { ConstraintSpec } from "./spec.js";
import { checkFinished, evaluateSpec } from "./evaluate.js";
import { unreachable } from "../diagnostics/diagnostic.js";

type Compile = (spec: ConstraintSpec) => CompiledConstraint;

interface Phase {
  readonly key: string;
  readonly c: CompiledConstraint;
}

interface WrappedState extends MaskState {
  readonly phase: Phase;
  readonly st: MaskState;
  readonly tokens: number;
}

/** The truth of `len(TOKENS(X)) op n` for every count from `from` on, or undefined while it may change. */
function settled(op: ConstraintSpec & { kind: "tokenLength" }, from: number): boolean | undefined {
  switch (op.op) {
    case "<": return from >= op.n ? false : undefined;
    case "<=": return from > op.n ? false : undefined;
    case ">": return from > op.n ? true : undefined;
    case ">=": return from >= op.n ? true : undefined;
    case "==": return from > op.n ? false : undefined;
    case "!=": return from > op.n ? true : undefined;
    default: return unreachable(op.op);
  }
}

/** The spec with every nested token-count term that `from` settles replaced by its truth. */
export function settleTokenTerms(spec: ConstraintSpec, from: number, top = true): ConstraintSpec {
  switch (spec.kind) {
    case "tokenLength": {
      if (top) return spec;
      const v = settled(spec, from);
      return v === undefined ? spec : { kind: v ? "true" : "false" };
    }
    case "and":
      return { kind: "and", parts: spec.parts.map((p) => settleTokenTerms(p, from, top)) };
    case "or":
      return { kind: "or", parts: spec.parts.map((p) => settleTokenTerms(p, from, false)) };
    case "not":
      return { kind: "not", part: settleTokenTerms(spec.part, from, false) };
    default:
      return spec;
  }
}

export function hasNestedTokenTerms(spec: ConstraintSpec, top = true): boolean {
  switch (spec.kind) {
    case "tokenLength": return !top;
    case "and": return spec.parts.some((p) => hasNestedTokenTerms(p, top));
    case "or": return spec.parts.some((p) => hasNestedTokenTerms(p, false));
    case "not": return hasNestedTokenTerms(spec.part, false);
    default: return false;
  }
}

const EMPTY_MASKS = new WeakMap<Vocabulary, Mask>();
const encoder = new TextEncoder();

export class TokenTermSwitch implements CompiledConstraint {
  private readonly switched = new WeakMap<MaskState, Map<string, WrappedState | null>>();
  private readonly phases = new Map<string, Phase>();

  constructor(readonly spec: ConstraintSpec, private readonly vocab: Vocabulary, private readonly compile: Compile, private readonly canonical: (s: ConstraintSpec) => string) {}

  start(): MaskState {
    return this.wrap(this.phaseFor(0), this.phaseFor(0).c.start(), 0);
  }

  /** Tokens come from the phase of the next count; ending now is the current phase's call. */
  mask(state: MaskState): Mask {
    const here = state as WrappedState;
    const w = this.current(here, here.tokens + 1);
    const next = w === undefined ? this.emptyMask() : w.phase.c.mask(w.st);
    if (w === here) return next;
    const canEnd = here.phase.c.mask(here.st).canEnd;
    if (canEnd === next.canEnd) return next;
    const { forced: _, ...rest } = next;
    return { ...rest, canEnd, mustEnd: canEnd && next.count === 0 };
  }

  advance(state: MaskState, tokenId: number): Advance | undefined {
    const w = this.current(state as WrappedState, (state as WrappedState).tokens + 1);
    const a = w?.phase.c.advance(w.st, tokenId);
    return w === undefined || a === undefined ? undefined : { ...a, state: this.wrap(w.phase, a.state, w.tokens + 1) };
  }

  advanceBytes(state: MaskState, bytes: Uint8Array, tokens = 0): Advance | undefined {
    const w = this.current(state as WrappedState, (state as WrappedState).tokens + tokens);
    const a = w?.phase.c.advanceBytes(w.st, bytes, tokens);
    return w === undefined || a === undefined ? undefined : { ...a, state: this.wrap(w.phase, a.state, w.tokens + tokens) };
  }

  isComplete(state: MaskState): boolean {
    const w = state as WrappedState;
    return w.phase.c.isComplete(w.st);
  }

  value(state: MaskState): string {
    const w = state as WrappedState;
    return w.phase.c.value(w.st);
  }

  generated(state: MaskState): string {
    const w = state as WrappedState;
    return w.phase.c.generated?.(w.st) ?? w.phase.c.value(w.st);
  }

  verify(state: MaskState): { readonly ok: boolean; readonly reason?: string } {
    const w = state as WrappedState;
    return checkFinished(this.spec, this.generated(w), this.value(w), w.tokens);
  }

  valueComplete(text: string): { readonly ok: boolean; readonly reason?: string } {
    return evaluateSpec(this.spec, text, undefined);
  }

  private wrap(phase: Phase, st: MaskState, tokens: number): WrappedState {
    return { phase, st, tokens } as WrappedState;
  }

  private phaseFor(from: number): Phase {
    const spec = settleTokenTerms(this.spec, from);
    const key = this.canonical(spec);
    let p = this.phases.get(key);
    if (p === undefined) this.phases.set(key, (p = { key, c: this.compile(spec) }));
    return p;
  }

  /** `w` in the phase that holds once the count reaches `count`; undefined when its text is dead there. */
  private current(w: WrappedState, count: number): WrappedState | undefined {
    const phase = this.phaseFor(count);
    if (phase.key === w.phase.key) return w;
    let memo = this.switched.get(w);
    if (memo === undefined) this.switched.set(w, (memo = new Map()));
    let s = memo.get(phase.key);
    if (s === undefined) {
      const replay = phase.c.advanceBytes(phase.c.start(), encoder.encode(this.generated(w)), w.tokens);
      s = replay === undefined || replay.valueEndsAfter !== undefined ? null : this.wrap(phase, replay.state, w.tokens);
      memo.set(phase.key, s);
    }
    return s ?? undefined;
  }

  private emptyMask(): Mask {
    let m = EMPTY_MASKS.get(this.vocab);
    if (m === undefined) EMPTY_MASKS.set(this.vocab, (m = { allowed: new Uint32Array((this.vocab.size + 31) >>> 5), count: 0, canEnd: false, mustEnd: false }));
    return m;
  }
}
