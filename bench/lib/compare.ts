/**
 * Per-step comparison of our masks with XGrammar's on the same trace: where the allowed sets differ,
 * which tokens, and what kind of tokens they are (so a difference can be explained, not just counted).
 */
import type { Vocabulary } from "../../src/constraints/engine.js";
import { bitsOnlyIn, countBits } from "./stats.js";

/**
 * `overshoot`: allowed by ours because the token completes the value and carries further bytes that
 * are not part of it (our engine's rule for tokens past the value's end; XGrammar never allows them).
 */
export type TokenClass = "overshoot" | "special" | "invalid-utf8" | "partial-utf8" | "text";

export interface StepDiff {
  readonly step: number;
  readonly ours: number;
  readonly xgrammar: number;
  readonly onlyOurs: number;
  readonly onlyXGrammar: number;
  /** How many differing tokens fall in each class. */
  readonly classes: Partial<Record<TokenClass, number>>;
  /** A few differing tokens, described. */
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

const SAMPLES = 4;

interface Masks {
  readonly masks: readonly Uint32Array[];
  readonly canEnd: readonly boolean[];
  readonly overshoots?: (step: number, id: number) => boolean;
}

export function compareMasks(vocab: Vocabulary, ours: Masks, theirs: Masks): MaskComparison {
  const steps: StepDiff[] = [];
  const endDiffs: EndDiff[] = [];
  const oursCounts = ours.masks.map((m) => countBits(m, vocab.size));
  const xgrammarCounts = theirs.masks.map((m) => countBits(m, vocab.size));
  const shared = Math.min(ours.masks.length, theirs.masks.length);
  for (let step = 0; step < shared; step++) {
    if (ours.canEnd[step] !== theirs.canEnd[step]) {
      endDiffs.push({ step, ours: ours.canEnd[step], xgrammar: theirs.canEnd[step] });
    }
    const onlyOurs = bitsOnlyIn(ours.masks[step], theirs.masks[step], vocab.size);
    const onlyTheirs = bitsOnlyIn(theirs.masks[step], ours.masks[step], vocab.size);
    if (onlyOurs.length === 0 && onlyTheirs.length === 0) continue;
    const overshoot = (id: number): boolean => ours.overshoots?.(step, id) === true;
    const counts = { ours: oursCounts[step], xgrammar: xgrammarCounts[step] };
    steps.push(describeStep(vocab, step, counts, onlyOurs, onlyTheirs, overshoot));
  }
  return { oursCounts, xgrammarCounts, steps, endDiffs };
}

function describeStep(
  vocab: Vocabulary,
  step: number,
  counts: { readonly ours: number; readonly xgrammar: number },
  onlyOurs: readonly number[],
  onlyTheirs: readonly number[],
  overshoot: (id: number) => boolean,
): StepDiff {
  const classes: Partial<Record<TokenClass, number>> = {};
  const classOf = new Map<number, TokenClass>();
  for (const id of onlyOurs) classOf.set(id, overshoot(id) ? "overshoot" : classify(vocab, id));
  for (const id of onlyTheirs) classOf.set(id, classify(vocab, id));
  for (const kind of classOf.values()) classes[kind] = (classes[kind] ?? 0) + 1;
  // Samples favour the unexplained: plain text tokens first.
  const rank = (id: number): number => (classOf.get(id) === "text" ? 0 : 1);
  const pick = (ids: readonly number[]): number[] => [...ids].sort((a, b) => rank(a) - rank(b)).slice(0, SAMPLES);
  const samples = [
    ...pick(onlyOurs).map((id) => `${describeToken(vocab, id, classOf.get(id))} only in ours`),
    ...pick(onlyTheirs).map((id) => `${describeToken(vocab, id, classOf.get(id))} only in XGrammar`),
  ];
  return {
    step,
    ours: counts.ours,
    xgrammar: counts.xgrammar,
    onlyOurs: onlyOurs.length,
    onlyXGrammar: onlyTheirs.length,
    classes,
    samples,
  };
}

/** What kind of token this is, by its bytes alone. */
export function classify(vocab: Vocabulary, id: number): TokenClass {
  if (vocab.isSpecial(id)) return "special";
  const bytes = vocab.bytes(id);
  // 0xC0, 0xC1 and 0xF5..0xFF occur in no well-formed UTF-8 text at all.
  if (bytes.some((b) => b === 0xc0 || b === 0xc1 || b >= 0xf5)) return "invalid-utf8";
  return isCompleteUtf8(bytes) ? "text" : "partial-utf8";
}

function isCompleteUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function describeToken(vocab: Vocabulary, id: number, kind = classify(vocab, id)): string {
  const bytes = vocab.bytes(id);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const text = JSON.stringify(new TextDecoder().decode(bytes));
  return `#${id} ${text} [${hex}] (${kind})`;
}
