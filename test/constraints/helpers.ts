/** Shared helpers for mask tests: tiny vocabularies and token traces in llguidance's style. */
import { expect } from "vitest";
import { compileConstraint } from "../../src/constraints/compile.js";
import type { CompiledConstraint, Mask, MaskState, Vocabulary } from "../../src/constraints/engine.js";
import { vocabularyFromBytes } from "../../src/constraints/vocabulary.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";

/** A vocabulary from token texts; id 0 is an EOS special token. Strings are UTF-8 encoded. */
export function tinyVocab(tokens: readonly (string | Uint8Array)[]): Vocabulary {
  return vocabularyFromBytes([null, ...tokens], [0]);
}

export function idOf(vocab: Vocabulary, text: string): number {
  const want = new TextEncoder().encode(text);
  for (let id = 0; id < vocab.size; id++) {
    const b = vocab.bytes(id);
    if (!vocab.isSpecial(id) && b.length === want.length && b.every((x, i) => x === want[i])) return id;
  }
  throw new Error(`no token ${JSON.stringify(text)}`);
}

export function allows(mask: Mask, id: number): boolean {
  return (mask.allowed[id >>> 5] & (1 << (id & 31))) !== 0;
}

export function allowedTexts(vocab: Vocabulary, mask: Mask): string[] {
  const out: string[] = [];
  for (let id = 0; id < vocab.size; id++) if (allows(mask, id)) out.push(Buffer.from(vocab.bytes(id)).toString("latin1"));
  return out;
}

/** One step: tokens that must be allowed / masked, then the token taken (by text). */
export interface Step {
  readonly allow?: readonly string[];
  readonly mask?: readonly string[];
  readonly canEnd?: boolean;
  readonly forced?: string;
  readonly take: string;
  readonly endsAfter?: number;
}

/** Runs a trace; returns the final state. The last expectation may be checked by the caller. */
export function runTrace(spec: ConstraintSpec, vocab: Vocabulary, steps: readonly Step[]): { c: CompiledConstraint; state: MaskState } {
  const c = compileConstraint(spec, vocab);
  let state = c.start();
  steps.forEach((step, i) => {
    const m = c.mask(state);
    const where = `step ${i} (${JSON.stringify(c.value(state))})`;
    for (const t of step.allow ?? []) expect(allows(m, idOf(vocab, t)), `${where}: ${JSON.stringify(t)} must be allowed`).toBe(true);
    for (const t of step.mask ?? []) expect(allows(m, idOf(vocab, t)), `${where}: ${JSON.stringify(t)} must be masked`).toBe(false);
    if (step.canEnd !== undefined) expect(m.canEnd, `${where}: canEnd`).toBe(step.canEnd);
    if (step.forced !== undefined) expect(m.forced && new TextDecoder().decode(m.forced), `${where}: forced`).toBe(step.forced);
    const next = c.advance(state, idOf(vocab, step.take));
    expect(next, `${where}: advance by ${JSON.stringify(step.take)}`).toBeDefined();
    expect(next!.valueEndsAfter, `${where}: valueEndsAfter`).toBe(step.endsAfter);
    state = next!.state;
  });
  return { c, state };
}
