/**
 * Throwaway constraints both engines compile and run once per vocabulary before anything is
 * measured, so one-time costs (JIT first passes, wasm tier-up, first allocations) are not charged to
 * whichever measured constraint comes first. They cover the same kinds of automata as the measured
 * set (regex, choice, stop + length cap, 3-way and) but are different constraints, so no cache the
 * measured ones use is warmed.
 */
import type { Vocabulary } from "../../src/constraints/engine.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { runOurTrace, type OurEngine } from "./ours-trace.js";
import type { Repetitions, Traces } from "./trace-run.js";
import type { TraceTokenizer } from "./vocab-sources.js";
import type { XGrammarVocab } from "./xgrammar.js";
import { runXGrammarTrace } from "./xgrammar-trace.js";

interface WarmUp {
  readonly text: string;
  readonly spec: ConstraintSpec;
  readonly ebnf: string;
}

/**
 * The warm-up set of one round. Each round's constraints differ (bounds shift with `round`), so a
 * later round does real work instead of hitting the compile cache.
 */
function warmUps(round: number): readonly WarmUp[] {
  const stopCap = 30 + round;
  const andCap = 20 + round;
  return [
    {
      text: "warm up the engines",
      spec: { kind: "regex", pattern: `[a-z ]{1,${40 + round}}` },
      ebnf: `root ::= [a-z ]{1,${40 + round}}`,
    },
    {
      text: "42-abc",
      spec: { kind: "regex", pattern: `[0-9]+-[a-z]{1,${3 + round}}` },
      ebnf: `root ::= [0-9]+ "-" [a-z]{1,${3 + round}}`,
    },
    {
      text: "tepid",
      spec: { kind: "choice", options: ["warm", "cold", "tepid", `round${round}`] },
      ebnf: `root ::= "warm" | "cold" | "tepid" | "round${round}"`,
    },
    {
      text: "warm up!",
      spec: { kind: "and", parts: [{ kind: "stopsAt", stop: "!" }, { kind: "charLength", op: "<=", n: stopCap }] },
      ebnf: `root ::= [^!]{0,${stopCap - 1}} "!"`,
    },
    {
      text: "warm up!",
      spec: {
        kind: "and",
        parts: [
          { kind: "regex", pattern: "[a-z ]+!" },
          { kind: "charLength", op: "<=", n: andCap },
          { kind: "endsWith", suffix: "!" },
        ],
      },
      ebnf: `root ::= [a-z ]{1,${andCap - 1}} "!"`,
    },
  ];
}

/** Rounds per vocabulary: the JIT optimises a function only after it has run a few times. */
export const WARM_UP_ROUNDS = 3;

const ONCE: Repetitions = { cold: 1, warm: 1, budgetMs: 0 };

function tracesOf(w: WarmUp, tokenize: TraceTokenizer): Traces {
  const tokens = tokenize(w.text);
  return { tokens, otherTokens: tokens };
}

export async function warmUpXGrammar(vocab: XGrammarVocab, tokenize: TraceTokenizer): Promise<void> {
  // wasm needs no JIT rounds; one round settles its tier-up and first allocations.
  for (const w of warmUps(0)) await runXGrammarTrace(vocab, w.ebnf, tracesOf(w, tokenize), ONCE);
}

/**
 * Runs `rounds` rounds of the warm-up set on our engine; returns the compile CPU time of the very
 * first constraint (the JIT's first pass and any lazy per-vocabulary setup).
 */
export async function warmUpOurs(
  engine: OurEngine,
  vocab: Vocabulary,
  tokenize: TraceTokenizer,
  rounds = WARM_UP_ROUNDS,
): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const w of warmUps(round)) {
      times.push((await runOurTrace(engine, vocab, w.spec, tracesOf(w, tokenize), ONCE)).compileCpuMs);
    }
  }
  return times[0];
}
