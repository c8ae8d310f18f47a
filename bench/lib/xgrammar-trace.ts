/** Runs one constraint's token trace through XGrammar's GrammarMatcher, timing each bitmask. */
import { hasBit, usSince } from "./stats.js";
import { tokenLabel, type TraceRun } from "./trace-run.js";
import { loadXGrammar, type XGrammarVocab } from "./xgrammar.js";
import type * as XGrammarApi from "@mlc-ai/web-xgrammar";

interface PassResult {
  readonly maskUs: number[];
  readonly advanceUs: number[];
  readonly masks: Uint32Array[];
  readonly canEnd: boolean[];
  readonly problems: string[];
}

/**
 * Compiles and runs a throwaway grammar once per vocabulary, so that one-time costs (wasm tier-up,
 * first allocations) are not charged to whichever constraint happens to be measured first.
 */
export async function warmUpXGrammar(vocab: XGrammarVocab, tokens: readonly number[]): Promise<void> {
  await runXGrammarTrace(vocab, WARM_UP_EBNF, tokens, 1);
}

export const WARM_UP_EBNF = "root ::= [a-z ]+";

export async function runXGrammarTrace(
  vocab: XGrammarVocab,
  ebnf: string,
  tokens: readonly number[],
  warmReps: number,
): Promise<TraceRun> {
  const xg = loadXGrammar();
  const start = performance.now();
  const compiled = await vocab.compiler.compileGrammar(ebnf);
  const compileMs = performance.now() - start;
  const matcher = await xg.GrammarMatcher.createGrammarMatcher(compiled);
  try {
    const cold = await runPass(matcher, vocab, tokens, true);
    const warmUs: number[] = [];
    for (let rep = 0; rep < warmReps; rep++) {
      matcher.reset();
      warmUs.push(...(await runPass(matcher, vocab, tokens, false)).maskUs);
    }
    return {
      compileMs,
      coldUs: cold.maskUs,
      warmUs,
      advanceUs: cold.advanceUs,
      masks: cold.masks,
      canEnd: cold.canEnd,
      problems: cold.problems,
    };
  } finally {
    matcher.dispose();
    compiled.dispose();
  }
}

async function runPass(
  matcher: XGrammarApi.GrammarMatcher,
  vocab: XGrammarVocab,
  tokens: readonly number[],
  keepMasks: boolean,
): Promise<PassResult> {
  const result: PassResult = { maskUs: [], advanceUs: [], masks: [], canEnd: [], problems: [] };
  for (let step = 0; step < tokens.length; step++) {
    const id = tokens[step];
    let t = performance.now();
    const bitmask = await matcher.getNextTokenBitmask();
    result.maskUs.push(usSince(t));
    if (keepMasks) recordMask(result, bitmask, vocab);
    if (!hasBit(bitmask, id)) result.problems.push(`XGrammar masks out ${tokenLabel(step, id)}`);
    t = performance.now();
    const accepted = matcher.acceptToken(id);
    result.advanceUs.push(usSince(t));
    if (!accepted) {
      result.problems.push(`XGrammar refuses ${tokenLabel(step, id)}`);
      return result;
    }
  }
  const final = await matcher.getNextTokenBitmask();
  if (!vocab.stopIds.some((id) => hasBit(final, id))) {
    result.problems.push("XGrammar does not allow end-of-sequence after the whole trace");
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
