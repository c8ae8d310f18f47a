/** Runs one constraint's token trace through our mask engine, timing each mask. */
import type { CompiledConstraint, Vocabulary } from "../../src/constraints/engine.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { countBits, hasBit, usSince } from "./stats.js";
import { tokenLabel, type TraceRun } from "./trace-run.js";

export interface OurEngine {
  vocabularyFromTokenizerJson(json: unknown): Vocabulary;
  compileConstraint(spec: ConstraintSpec, vocab: Vocabulary): CompiledConstraint;
  /** The per-vocabulary token trie (built on first use, then cached), when the engine exposes it. */
  trieOf?(vocab: Vocabulary): unknown;
  /** Bytes held by a trie's arrays. */
  trieBytes?(trie: never): number;
}

interface PassResult {
  readonly maskUs: number[];
  readonly advanceUs: number[];
  readonly masks: Uint32Array[];
  readonly canEnd: boolean[];
  readonly problems: string[];
}

export function runOurTrace(
  engine: OurEngine,
  vocab: Vocabulary,
  spec: ConstraintSpec,
  tokens: readonly number[],
  warmReps: number,
): TraceRun {
  const start = performance.now();
  const compiled = engine.compileConstraint(spec, vocab);
  const compileMs = performance.now() - start;
  const cold = runPass(compiled, vocab, tokens, true);
  const warmUs: number[] = [];
  for (let rep = 0; rep < warmReps; rep++) warmUs.push(...runPass(compiled, vocab, tokens, false).maskUs);
  return {
    compileMs,
    coldUs: cold.maskUs,
    warmUs,
    advanceUs: cold.advanceUs,
    masks: cold.masks,
    canEnd: cold.canEnd,
    problems: cold.problems,
  };
}

function runPass(
  compiled: CompiledConstraint,
  vocab: Vocabulary,
  tokens: readonly number[],
  check: boolean,
): PassResult {
  const result: PassResult = { maskUs: [], advanceUs: [], masks: [], canEnd: [], problems: [] };
  let state = compiled.start();
  for (let step = 0; step < tokens.length; step++) {
    const id = tokens[step];
    let t = performance.now();
    const mask = compiled.mask(state);
    result.maskUs.push(usSince(t));
    if (check) checkMask(result, mask.allowed, mask.count, mask.canEnd, vocab, step, id);
    t = performance.now();
    const next = compiled.advance(state, id);
    result.advanceUs.push(usSince(t));
    if (next === undefined) {
      result.problems.push(`ours refuses ${tokenLabel(step, id)}`);
      return result;
    }
    state = next.state;
  }
  if (check && !compiled.isComplete(state)) result.problems.push("ours: value not complete after the whole trace");
  if (check && !compiled.mask(state).canEnd) result.problems.push("ours: end not allowed after the whole trace");
  return result;
}

function checkMask(
  result: PassResult,
  allowed: Uint32Array,
  count: number,
  canEnd: boolean,
  vocab: Vocabulary,
  step: number,
  id: number,
): void {
  const text = allowed.slice();
  // Compare text tokens only: whether the value may end is recorded separately.
  for (const eos of vocab.eosTokenIds) text[eos >>> 5] &= ~(1 << (eos & 31));
  result.masks.push(text);
  result.canEnd.push(canEnd);
  if (!hasBit(allowed, id)) result.problems.push(`ours masks out ${tokenLabel(step, id)}`);
  const bits = countBits(allowed, vocab.size);
  if (bits !== count) result.problems.push(`ours: mask.count ${count} but ${bits} bits set at step ${step}`);
}
