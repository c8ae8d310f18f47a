/** Runs one constraint's token trace through XGrammar's GrammarMatcher, timing each bitmask. */
import { hasBit, startClock, usSince, type Elapsed } from "./stats.js";
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
import { loadXGrammar, type XGrammarVocab } from "./xgrammar.js";
import type * as XGrammarApi from "@mlc-ai/web-xgrammar";

interface ColdRun {
  readonly compile: Elapsed;
  readonly pass: PassResult;
}

export async function runXGrammarTrace(
  vocab: XGrammarVocab,
  ebnf: string,
  traces: Traces,
  reps: Repetitions,
): Promise<TraceRun> {
  const xg = loadXGrammar();
  const { tokens } = traces;
  let warm: PassResult[] = [];
  let other: PassResult = emptyPass();
  const colds = await repeatWithin(reps.cold, reps.budgetMs, async (rep, isLast): Promise<ColdRun> => {
    const clock = startClock();
    // The compiler's cache is off, so each compile is a real one.
    const compiled = await vocab.compiler.compileGrammar(ebnf);
    const compile = clock();
    const matcher = await xg.GrammarMatcher.createGrammarMatcher(compiled);
    try {
      const pass = await runPass(matcher, vocab, tokens, rep === 0);
      if (isLast()) {
        warm = await warmPasses(matcher, vocab, tokens, reps.warm);
        other = (await warmPasses(matcher, vocab, traces.otherTokens, 1))[0];
      }
      return { compile, pass };
    } finally {
      matcher.dispose();
      compiled.dispose();
    }
  });
  return summarizeRuns(colds, warm, other);
}

async function warmPasses(
  matcher: XGrammarApi.GrammarMatcher,
  vocab: XGrammarVocab,
  tokens: readonly number[],
  count: number,
): Promise<PassResult[]> {
  const passes: PassResult[] = [];
  for (let rep = 0; rep < count; rep++) {
    matcher.reset();
    passes.push(await runPass(matcher, vocab, tokens, false));
  }
  return passes;
}

async function runPass(
  matcher: XGrammarApi.GrammarMatcher,
  vocab: XGrammarVocab,
  tokens: readonly number[],
  check: boolean,
): Promise<PassResult> {
  const result = emptyPass();
  for (let step = 0; step < tokens.length; step++) {
    const id = tokens[step];
    let t = performance.now();
    const bitmask = await matcher.getNextTokenBitmask();
    result.maskUs.push(usSince(t));
    if (check) recordMask(result, bitmask, vocab);
    if (check && !hasBit(bitmask, id)) result.problems.push(`XGrammar masks out ${tokenLabel(step, id)}`);
    t = performance.now();
    const accepted = matcher.acceptToken(id);
    result.advanceUs.push(usSince(t));
    if (!accepted) {
      result.problems.push(`XGrammar refuses ${tokenLabel(step, id)}`);
      return result;
    }
  }
  if (check) {
    const final = await matcher.getNextTokenBitmask();
    if (!vocab.stopIds.some((id) => hasBit(final, id))) {
      result.problems.push("XGrammar does not allow end-of-sequence after the whole trace");
    }
  }
  return result;
}

function recordMask(result: PassResult, bitmask: Int32Array, vocab: XGrammarVocab): void {
  const text = new Uint32Array(bitmask.buffer.slice(0));
  let canEnd = false;
  for (const id of vocab.stopIds) {
    if (hasBit(text, id)) canEnd = true;
    text[id >>> 5] &= ~(1 << (id & 31));
  }
  result.masks.push(text);
  result.canEnd.push(canEnd);
}
