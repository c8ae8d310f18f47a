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

const WARM_UPS: readonly WarmUp[] = [
  { text: "warm up the engines", spec: { kind: "regex", pattern: "[a-z ]+" }, ebnf: "root ::= [a-z ]+" },
  { text: "42-abc", spec: { kind: "regex", pattern: "[0-9]+-[a-z]{1,3}" }, ebnf: 'root ::= [0-9]+ "-" [a-z]{1,3}' },
  { text: "tepid", spec: { kind: "choice", options: ["warm", "cold", "tepid"] }, ebnf: 'root ::= "warm" | "cold" | "tepid"' },
  {
    text: "warm up!",
    spec: { kind: "and", parts: [{ kind: "stopsAt", stop: "!" }, { kind: "charLength", op: "<=", n: 30 }] },
    ebnf: 'root ::= [^!]{0,29} "!"',
  },
  {
    text: "warm up!",
    spec: {
      kind: "and",
      parts: [
        { kind: "regex", pattern: "[a-z ]+!" },
        { kind: "charLength", op: "<=", n: 20 },
        { kind: "endsWith", suffix: "!" },
      ],
    },
    ebnf: 'root ::= [a-z ]{1,19} "!"',
  },
];

const ONCE: Repetitions = { cold: 1, warm: 1, budgetMs: 0 };

function tracesOf(w: WarmUp, tokenize: TraceTokenizer): Traces {
  const tokens = tokenize(w.text);
  return { tokens, otherTokens: tokens };
}

export async function warmUpXGrammar(vocab: XGrammarVocab, tokenize: TraceTokenizer): Promise<void> {
  for (const w of WARM_UPS) await runXGrammarTrace(vocab, w.ebnf, tracesOf(w, tokenize), ONCE);
}

/** Returns the compile CPU time of the very first constraint (the JIT's first pass and lazy setup). */
export async function warmUpOurs(engine: OurEngine, vocab: Vocabulary, tokenize: TraceTokenizer): Promise<number> {
  const times: number[] = [];
  for (const w of WARM_UPS) times.push((await runOurTrace(engine, vocab, w.spec, tracesOf(w, tokenize), ONCE)).compileCpuMs);
  return times[0];
}
