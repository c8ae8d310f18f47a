/**
 * Per-step comparison of our masks with XGrammar's on the same trace: where the allowed sets differ,
 * which tokens, what kind, and — through the reference regex — which engine is right about them.
 */
import type { Vocabulary } from "../../src/constraints/engine.js";
import type { Arbiter } from "./arbiter.js";
import { bitsOnlyIn, countBits } from "./stats.js";

/**
 * - `overshoot`: ours allows it because the token completes the value and carries further bytes
 *   that are not part of it (our engine's rule for tokens past the value's end).
 * - `special`, `invalid-utf8` (holds a byte no UTF-8 text has: C0, C1, F5–FF): by the bytes alone.
 * - `viable` / `not-viable`: per the reference regex, prefix + token can / cannot still be completed.
 * - `undecided`: prefix + token is not complete UTF-8, so the code-point regex cannot say.
 */
export type TokenClass = "overshoot" | "special" | "invalid-utf8" | "viable" | "not-viable" | "undecided";

export type ClassCounts = Partial<Record<TokenClass, number>>;

export interface StepDiff {
  readonly step: number;
  readonly ours: number;
  readonly xgrammar: number;
  /** Tokens allowed by ours only, by class. */
  readonly onlyOurs: ClassCounts;
  /** Tokens allowed by XGrammar only, by class. */
  readonly onlyXGrammar: ClassCounts;
  /** A few differing tokens, described (unexplained ones first). */
  readonly samples: readonly string[];
}

export interface EndDiff {
  readonly step: number;
  readonly ours: boolean;
  readonly xgrammar: boolean;
}

export interface MaskComparison {
  readonly oursCounts: readonly number[];
  readonly xgrammarCounts: readonly number[];
  readonly steps: readonly StepDiff[];
  readonly endDiffs: readonly EndDiff[];
}

export interface Masks {
  readonly masks: readonly Uint32Array[];
  readonly canEnd: readonly boolean[];
  readonly overshoots?: (step: number, id: number) => boolean;
}

export interface Judge {
  readonly vocab: Vocabulary;
  readonly arbiter: Arbiter;
  /** The value's bytes before each step of the trace. */
  readonly prefixes: readonly Uint8Array[];
}

const SAMPLES = 3;

export function compareMasks(judge: Judge, ours: Masks, theirs: Masks): MaskComparison {
  const { vocab } = judge;
  const steps: StepDiff[] = [];
  const endDiffs: EndDiff[] = [];
  const oursCounts = ours.masks.map((m) => countBits(m, vocab.size));
  const xgrammarCounts = theirs.masks.map((m) => countBits(m, vocab.size));
  for (let step = 0; step < Math.min(ours.masks.length, theirs.masks.length); step++) {
    if (ours.canEnd[step] !== theirs.canEnd[step]) {
      endDiffs.push({ step, ours: ours.canEnd[step], xgrammar: theirs.canEnd[step] });
    }
    const onlyOurs = bitsOnlyIn(ours.masks[step], theirs.masks[step], vocab.size);
    const onlyTheirs = bitsOnlyIn(theirs.masks[step], ours.masks[step], vocab.size);
    if (onlyOurs.length === 0 && onlyTheirs.length === 0) continue;
    const classOf = (id: number): TokenClass =>
      ours.overshoots?.(step, id) === true ? "overshoot" : classify(judge, step, id);
    const counts = { ours: oursCounts[step], xgrammar: xgrammarCounts[step] };
    steps.push(describeStep(vocab, step, counts, onlyOurs, onlyTheirs, classOf));
  }
  return { oursCounts, xgrammarCounts, steps, endDiffs };
}

function describeStep(
  vocab: Vocabulary,
  step: number,
  counts: { readonly ours: number; readonly xgrammar: number },
  onlyOurs: readonly number[],
  onlyTheirs: readonly number[],
  classOf: (id: number) => TokenClass,
): StepDiff {
  const ours = onlyOurs.map((id) => ({ id, kind: classOf(id), side: "ours" }));
  const theirs = onlyTheirs.map((id) => ({ id, kind: classOf(id), side: "XGrammar" }));
  // The unexplained first: a token one engine allows and the regex says is (not) viable.
  const weight = (kind: TokenClass): number => (kind === "viable" || kind === "not-viable" ? 0 : 1);
  const samples = [...ours, ...theirs]
    .sort((a, b) => weight(a.kind) - weight(b.kind))
    .slice(0, SAMPLES * 2)
    .map((t) => `${describeToken(vocab, t.id)} (${t.kind}) only in ${t.side}`);
  return {
    step,
    ours: counts.ours,
    xgrammar: counts.xgrammar,
    onlyOurs: tally(ours.map((t) => t.kind)),
    onlyXGrammar: tally(theirs.map((t) => t.kind)),
    samples,
  };
}

function tally(kinds: readonly TokenClass[]): ClassCounts {
  const counts: ClassCounts = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function classify(judge: Judge, step: number, id: number): TokenClass {
  const { vocab } = judge;
  if (vocab.isSpecial(id)) return "special";
  const bytes = vocab.bytes(id);
  if (bytes.some((b) => b === 0xc0 || b === 0xc1 || b >= 0xf5)) return "invalid-utf8";
  const prefix = judge.prefixes[step];
  const joined = new Uint8Array(prefix.length + bytes.length);
  joined.set(prefix);
  joined.set(bytes, prefix.length);
  return judge.arbiter.viable(joined);
}

export function describeToken(vocab: Vocabulary, id: number): string {
  const bytes = vocab.bytes(id);
  const shown = bytes.length > 24 ? bytes.subarray(0, 24) : bytes;
  const hex = Array.from(shown, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const text = JSON.stringify(new TextDecoder().decode(bytes));
  return `#${id} ${text} [${hex}${bytes.length > shown.length ? " …" : ""}]`;
}

/** Differences that mean our engine is not exact: a dead end allowed, or a viable token masked. */
export function oursInexact(comparison: MaskComparison): string[] {
  const found: string[] = [];
  for (const d of comparison.steps) {
    const dead = d.onlyOurs["not-viable"] ?? 0;
    const missed = d.onlyXGrammar.viable ?? 0;
    if (dead > 0) found.push(`ours allows ${dead} token(s) the reference regex says lead nowhere at step ${d.step}`);
    if (missed > 0) found.push(`ours masks ${missed} token(s) the reference regex says are viable at step ${d.step}`);
  }
  return found;
}
