/** The shape of bench/results/masks.json and how one constraint's runs are summarised into it. */
import type { EndDiff, MaskComparison, StepDiff } from "./compare.js";
import { median, p90, round } from "./stats.js";
import type { Repetitions, TraceRun } from "./trace-run.js";

export interface ConstraintResult {
  readonly name: string;
  /** Our spec and XGrammar's grammar for the same language, and why they are the same. */
  readonly spec: unknown;
  readonly ebnf: string;
  readonly sameLanguage: string;
  readonly steps: number;
  /** Fresh compiles (each with its cold trace) measured: ours, XGrammar. */
  readonly coldReps: { readonly ours: number | null; readonly xgrammar: number };
  readonly compileMs: number | null;
  readonly compileCpuMs: number | null;
  /** Median over steps of the per-step mask µs on a first trace after a fresh compile (each step's minimum over coldReps). */
  readonly coldUs: number | null;
  readonly coldP90Us: number | null;
  /** The slowest cold step (usually the first mask): what the "cold ≤ 5 ms" target is about. */
  readonly coldMaxUs: number | null;
  /** Median over steps of the per-step mask µs when the same trace runs again (each step's minimum over the warm reps). */
  readonly warmUs: number | null;
  readonly warmP90Us: number | null;
  /** Median per-step mask µs on a second valid text right after the warm passes (new states). */
  readonly newTextUs: number | null;
  readonly newTextP90Us: number | null;
  readonly advanceUs: number | null;
  readonly xgrammarCompileMs: number;
  readonly xgrammarCompileCpuMs: number;
  readonly xgrammarColdUs: number;
  readonly xgrammarColdP90Us: number;
  readonly xgrammarColdMaxUs: number;
  readonly xgrammarWarmUs: number;
  readonly xgrammarWarmP90Us: number;
  readonly xgrammarNewTextUs: number;
  readonly xgrammarAdvanceUs: number;
  /** Allowed text tokens per step (end-of-sequence excluded) in each engine. */
  /** Per-step cold and warm mask µs of each engine (the medians above are over these). */
  readonly stepUs: {
    readonly cold: readonly number[] | null;
    readonly warm: readonly number[] | null;
    readonly xgrammarCold: readonly number[];
    readonly xgrammarWarm: readonly number[];
    readonly newText: readonly number[] | null;
    readonly xgrammarNewText: readonly number[];
  };
  readonly maskCounts: { readonly ours: readonly number[]; readonly xgrammar: readonly number[] } | null;
  readonly maskDiffs: readonly StepDiff[];
  readonly endDiffs: readonly EndDiff[];
}

export interface VocabResult {
  readonly name: string;
  readonly size: number;
  readonly source: string;
  readonly jsonParseMs: number;
  /** Our Vocabulary from the parsed tokenizer.json (ms, wall clock; *CpuMs: process CPU time). */
  readonly vocabularyMs: number | null;
  readonly vocabularyCpuMs: number | null;
  /** Our token trie build from that Vocabulary. */
  readonly trieMs: number | null;
  readonly trieCpuMs: number | null;
  /** vocabularyMs + trieMs: everything we build once per vocabulary. */
  readonly trieBuildMs: number | null;
  readonly trieBuildCpuMs: number | null;
  /** Size of the trie's arrays. */
  readonly trieMB: number | null;
  /**
   * Compile CPU time of the first throwaway constraint run before the measured ones: includes any
   * per-vocabulary structure our engine builds lazily on first use, and the JIT's first pass.
   */
  readonly firstCompileMs: number | null;
  readonly heapMB: number | null;
  readonly arrayBuffersMB: number | null;
  /** Heap + array buffer growth once the warm-up has run too (lazy per-vocabulary tables + cached warm-up constraints). */
  readonly afterWarmUpMB: number | null;
  /** XGrammar's TokenizerInfo construction from the token strings (ms). */
  readonly xgrammarVocabMs: number;
  readonly xgrammarVocabCpuMs: number;
  readonly constraints: readonly ConstraintResult[];
}

export interface MaskBenchResults {
  readonly meta: {
    readonly date: string;
    readonly node: string;
    readonly cpu: string;
    readonly cores: number;
    readonly xgrammar: string;
    readonly traceTokenizer: string;
    readonly reps: Repetitions;
    /** 1-minute load average at the start and end of the run (the machine is shared). */
    readonly loadAverage: readonly [number, number];
    readonly problems: readonly string[];
  };
  readonly vocab: readonly VocabResult[];
}

export interface ConstraintInput {
  readonly name: string;
  readonly spec: unknown;
  readonly ebnf: string;
  readonly sameLanguage: string;
  readonly steps: number;
}

const ms = (v: number): number => round(v, 3);
const us = (v: number): number => round(v, 1);

export function summarise(
  input: ConstraintInput,
  ours: TraceRun | undefined,
  xgrammar: TraceRun,
  comparison: MaskComparison | undefined,
): ConstraintResult {
  return {
    ...input,
    coldReps: { ours: ours ? ours.coldReps : null, xgrammar: xgrammar.coldReps },
    compileMs: ours ? ms(ours.compileMs) : null,
    compileCpuMs: ours ? ms(ours.compileCpuMs) : null,
    coldUs: ours ? us(median(ours.coldUs)) : null,
    coldP90Us: ours ? us(p90(ours.coldUs)) : null,
    coldMaxUs: ours ? us(Math.max(...ours.coldUs)) : null,
    warmUs: ours ? us(median(ours.warmUs)) : null,
    warmP90Us: ours ? us(p90(ours.warmUs)) : null,
    newTextUs: ours ? us(median(ours.newTextUs)) : null,
    newTextP90Us: ours ? us(p90(ours.newTextUs)) : null,
    advanceUs: ours ? us(median(ours.advanceUs)) : null,
    xgrammarCompileMs: ms(xgrammar.compileMs),
    xgrammarCompileCpuMs: ms(xgrammar.compileCpuMs),
    xgrammarColdUs: us(median(xgrammar.coldUs)),
    xgrammarColdP90Us: us(p90(xgrammar.coldUs)),
    xgrammarColdMaxUs: us(Math.max(...xgrammar.coldUs)),
    xgrammarWarmUs: us(median(xgrammar.warmUs)),
    xgrammarWarmP90Us: us(p90(xgrammar.warmUs)),
    xgrammarNewTextUs: us(median(xgrammar.newTextUs)),
    xgrammarAdvanceUs: us(median(xgrammar.advanceUs)),
    stepUs: {
      cold: ours ? ours.coldUs.map(us) : null,
      warm: ours ? ours.warmUs.map(us) : null,
      xgrammarCold: xgrammar.coldUs.map(us),
      xgrammarWarm: xgrammar.warmUs.map(us),
      newText: ours ? ours.newTextUs.map(us) : null,
      xgrammarNewText: xgrammar.newTextUs.map(us),
    },
    maskCounts: comparison ? { ours: comparison.oursCounts, xgrammar: comparison.xgrammarCounts } : null,
    maskDiffs: comparison?.steps ?? [],
    endDiffs: comparison?.endDiffs ?? [],
  };
}
