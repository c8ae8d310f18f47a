/**
 * `len(TOKENS(X)) op n` under `or`/`not` cannot be a byte automaton. Up to MAX_SPLIT_TERMS such
 * terms, the constraint is split into cases, one per truth assignment, each with the terms as
 * top-level counters (exact), run side by side (`TokenTermUnion`). Beyond that, the automaton
 * assumes the terms can still hold, and once the token count decides them for good
 * (`len(TOKENS(X)) < 3` is false from the 3rd token on) `TokenTermSwitch` moves to the constraint
 * with those terms fixed, replaying the text so far.
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

/** The distinct nested token-count terms of a spec (by canonical text). */
function nestedTerms(spec: ConstraintSpec, canonical: (s: ConstraintSpec) => string, top = true, out = new Map<string, ConstraintSpec & { kind: "tokenLength" }>()): Map<string, ConstraintSpec & { kind: "tokenLength" }> {
  if (spec.kind === "tokenLength" && !top) out.set(canonical(spec), spec);
  else if (spec.kind === "and") spec.parts.forEach((p) => nestedTerms(p, canonical, top, out));
  else if (spec.kind === "or") spec.parts.forEach((p) => nestedTerms(p, canonical, false, out));
  else if (spec.kind === "not") nestedTerms(spec.part, canonical, false, out);
  return out;
}

const NEGATED = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==" } as const;

function assign(spec: ConstraintSpec, truth: ReadonlyMap<string, boolean>, canonical: (s: ConstraintSpec) => string, top = true): ConstraintSpec {
  switch (spec.kind) {
    case "tokenLength": {
      const v = top ? undefined : truth.get(canonical(spec));
      return v === undefined ? spec : { kind: v ? "true" : "false" };
    }
    case "and": return { kind: "and", parts: spec.parts.map((p) => assign(p, truth, canonical, top)) };
    case "or": return { kind: "or", parts: spec.parts.map((p) => assign(p, truth, canonical, false)) };
    case "not": return { kind: "not", part: assign(spec.part, truth, canonical, false) };
    default: return spec;
  }
}

/** Most nested token-count terms split into cases (2^n automata). */
export const MAX_SPLIT_TERMS = 3;

/**
 * S ≡ ⋁ over truth assignments σ of its nested token-count terms: S[σ] and (each term, or its
 * negation, as a top-level counter). Every case is exact with counters; undefined past MAX_SPLIT_TERMS.
 */
export function tokenTermCases(spec: ConstraintSpec, canonical: (s: ConstraintSpec) => string): ConstraintSpec[] | undefined {
  const terms = [...nestedTerms(spec, canonical)];
  if (terms.length === 0 || terms.length > MAX_SPLIT_TERMS) return undefined;
  const cases: ConstraintSpec[] = [];
  for (let mask = 0; mask < 1 << terms.length; mask++) {
    const truth = new Map(terms.map(([k], i) => [k, (mask & (1 << i)) !== 0] as const));
    const counters = terms.map(([, t], i): ConstraintSpec => ((mask & (1 << i)) !== 0 ? t : { kind: "tokenLength", op: NEGATED[t.op], n: t.n }));
    cases.push({ kind: "and", parts: [assign(spec, truth, canonical), ...counters] });
  }
  return cases;
}

interface UnionState extends MaskState {
  readonly parts: readonly (MaskState | undefined)[];
  readonly tokens: number;
}

/** A union of constraints run side by side: a token is allowed where some case allows it. */
export class TokenTermUnion implements CompiledConstraint {
  private readonly masks = new WeakMap<MaskState, Mask>();

  constructor(readonly spec: ConstraintSpec, private readonly vocab: Vocabulary, private readonly cases: readonly CompiledConstraint[]) {}

  start(): MaskState {
    return { parts: this.cases.map((c) => c.start()), tokens: 0 } as unknown as UnionState;
  }

  mask(state: MaskState): Mask {
    const u = state as UnionState;
    let m = this.masks.get(u);
    if (m === undefined) this.masks.set(u, (m = this.union(u)));
    return m;
  }

  private union(u: UnionState): Mask {
    const live = this.cases.flatMap((c, i) => (u.parts[i] === undefined ? [] : [c.mask(u.parts[i]!)]));
    if (live.length === 1) return live[0]!;
    const allowed = new Uint32Array((this.vocab.size + 31) >>> 5);
    let count = 0;
    for (const m of live) for (let w = 0; w < allowed.length; w++) allowed[w] |= m.allowed[w];
    for (let w = 0; w < allowed.length; w++) for (let v = allowed[w]; v !== 0; v &= v - 1) count++;
    const canEnd = live.some((m) => m.canEnd);
    return { allowed, count, canEnd, mustEnd: canEnd && count === 0 };
  }

  advance(state: MaskState, tokenId: number): Advance | undefined {
    return this.step(state as UnionState, 1, (c, st) => c.advance(st, tokenId));
  }

  advanceBytes(state: MaskState, bytes: Uint8Array, tokens = 0): Advance | undefined {
    return this.step(state as UnionState, tokens, (c, st) => c.advanceBytes(st, bytes, tokens));
  }

  /** Advances every live case; where they cut the token differently, the earliest end wins. */
  private step(u: UnionState, tokens: number, f: (c: CompiledConstraint, st: MaskState) => Advance | undefined): Advance | undefined {
    const next = this.cases.map((c, i) => (u.parts[i] === undefined ? undefined : f(c, u.parts[i]!)));
    const cut = Math.min(...next.map((a) => (a === undefined ? Infinity : (a.valueEndsAfter ?? Number.MAX_SAFE_INTEGER))));
    if (cut === Infinity) return undefined;
    const parts = next.map((a) => (a !== undefined && (a.valueEndsAfter ?? Number.MAX_SAFE_INTEGER) === cut ? a.state : undefined));
    const state = { parts, tokens: u.tokens + tokens } as unknown as UnionState;
    return cut === Number.MAX_SAFE_INTEGER ? { state } : { state, valueEndsAfter: cut };
  }

  private lead(u: UnionState): [CompiledConstraint, MaskState] {
    const done = this.cases.findIndex((c, i) => u.parts[i] !== undefined && c.isComplete(u.parts[i]!));
    const i = done >= 0 ? done : u.parts.findIndex((p) => p !== undefined);
    return [this.cases[i]!, u.parts[i]!];
  }

  isComplete(state: MaskState): boolean {
    const u = state as UnionState;
    return this.cases.some((c, i) => u.parts[i] !== undefined && c.isComplete(u.parts[i]!));
  }

  value(state: MaskState): string {
    const [c, st] = this.lead(state as UnionState);
    return c.value(st);
  }

  generated(state: MaskState): string {
    const [c, st] = this.lead(state as UnionState);
    return c.generated?.(st) ?? c.value(st);
  }

  verify(state: MaskState): { readonly ok: boolean; readonly reason?: string } {
    return checkFinished(this.spec, this.generated(state), this.value(state), (state as UnionState).tokens);
  }

  valueComplete(text: string): { readonly ok: boolean; readonly reason?: string } {
    return evaluateSpec(this.spec, text, undefined);
  }
}
