/** Runs one constraint's token trace through our mask engine, timing each mask. */
import type { CompiledConstraint, MaskState, Vocabulary } from "../../src/constraints/engine.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { countBits, hasBit, startClock, usSince, type Elapsed } from "./stats.js";
import {
  emptyPass,
  summarizeRuns,
  repeatWithin,
  tokenLabel,
  type PassResult,
  type Repetitions,
  type TraceRun,
  type Traces,
} from "./trace-run.js";

export interface OurEngine {
  vocabularyFromTokenizerJson(json: unknown): Vocabulary;
  compileConstraint(spec: ConstraintSpec, vocab: Vocabulary): CompiledConstraint;
  /** The per-vocabulary token trie (built on first use, then cached), when the engine exposes it. */
  trieOf?(vocab: Vocabulary): unknown;
  /** Bytes held by a trie's arrays. */
  trieBytes?(trie: never): number;
}

interface ColdRun {
  readonly compile: Elapsed;
  readonly pass: PassResult;
  readonly compiled: CompiledConstraint;
  /** The state before each step of the first trace. */
  readonly states: MaskState[];
}

export async function runOurTrace(
  engine: OurEngine,
  vocab: Vocabulary,
  spec: ConstraintSpec,
  traces: Traces,
  reps: Repetitions,
  prepareFresh?: (fresh: Vocabulary) => Promise<unknown>,
): Promise<TraceRun> {
  const { tokens } = traces;
  let warm: PassResult[] = [];
  let other: PassResult = emptyPass();
  // Without a separate trie build the trie would be rebuilt inside every compile: one rep only.
  const coldReps = engine.trieOf ? reps.cold : 1;
  const colds = await repeatWithin(coldReps, reps.budgetMs, async (rep, isLast): Promise<ColdRun> => {
    const target = rep === 0 ? vocab : await freshVocabulary(engine, vocab, prepareFresh);
    const clock = startClock();
    const compiled = engine.compileConstraint(spec, target);
    const compile = clock();
    const states: MaskState[] = [];
    const pass = runPass(compiled, vocab, tokens, rep === 0, states);
    if (isLast()) {
      warm = Array.from({ length: reps.warm }, () => runPass(compiled, vocab, tokens, false, []));
      other = runPass(compiled, vocab, traces.otherTokens, false, []);
    }
    return { compile, pass, compiled, states };
  });
  const { compiled, states } = colds[0];
  return {
    ...summarizeRuns(colds, warm, other),
    overshoots: (step, id) => compiled.advance(states[step], id)?.valueEndsAfter !== undefined,
  };
}

/**
 * The same vocabulary under a new identity: the engine caches compiled constraints per vocabulary
 * object, so this is how a repeated compile is a fresh one. Its trie and whatever else the engine
 * builds once per vocabulary (through `prepare`, e.g. the warm-up set) are built here, untimed, so
 * that it is in the state the first repetition's vocabulary was in.
 */
async function freshVocabulary(
  engine: OurEngine,
  vocab: Vocabulary,
  prepare: ((fresh: Vocabulary) => Promise<unknown>) | undefined,
): Promise<Vocabulary> {
  const fresh = Object.create(vocab) as Vocabulary;
  engine.trieOf?.(fresh);
  await prepare?.(fresh);
  return fresh;
}

function runPass(
  compiled: CompiledConstraint,
  vocab: Vocabulary,
  tokens: readonly number[],
  check: boolean,
  states: MaskState[],
): PassResult {
  const result = emptyPass();
  let state = compiled.start();
  for (let step = 0; step < tokens.length; step++) {
    const id = tokens[step];
    states.push(state);
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
