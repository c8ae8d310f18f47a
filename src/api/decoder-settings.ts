/**
 * The query's decoder clause (`sample(n=3, temperature=0.8)`) merged with the caller's overrides
 * into the settings a PromptSession decodes with.
 */
import { error, LmqlError, type Source } from "../diagnostics/diagnostic.js";
import type { DecoderIr } from "../ir/ir.js";
import type { DecoderName, DecoderSettings } from "../runtime/decode/types.js";
import { createBuiltins, evaluate, PyError, pyErrorDiagnostic, toNumber, type EvalContext, type Value } from "../runtime/eval/index.js";
import { RUNTIME_CODES } from "../runtime/runtime-error.js";

/** Caller overrides; each wins over the query's clause. */
export interface DecoderOverrides {
  readonly decoder?: DecoderName;
  readonly n?: number;
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly seed?: number;
  readonly maxTokensPerHole?: number;
}

/** LMQL's decoder names mapped onto the ones we run (beam variants run as beam search). */
const DECODER_OF: Readonly<Record<string, DecoderName>> = {
  argmax: "argmax",
  sample: "sample",
  beam_sample: "sample",
  beam: "beam",
  beam_var: "beam",
  var: "beam",
  best_k: "best_k",
};

export interface ResolvedDecoder {
  readonly settings: DecoderSettings;
  /** `max_len=` in the clause: a cap on all tokens of the run. */
  readonly maxLen: number | undefined;
}

const NO_PRINT: EvalContext = { print: () => undefined };

export async function resolveDecoder(clause: DecoderIr, overrides: DecoderOverrides, defaultMaxTokensPerHole: number, source: Source, ctx: EvalContext = NO_PRINT): Promise<ResolvedDecoder> {
  const args = await clauseArguments(clause, source, ctx);
  const num = (name: string): number | undefined => {
    const v = args.get(name);
    return v === undefined || v === null ? undefined : toNumber(v);
  };
  const decoder = overrides.decoder ?? DECODER_OF[clause.name] ?? "argmax";
  const n = overrides.n ?? num("n") ?? 1;
  const temperature = overrides.temperature ?? num("temperature") ?? 1;
  const topK = overrides.topK ?? num("top_k");
  const topP = overrides.topP ?? num("top_p");
  const seed = overrides.seed ?? num("seed");
  if (!Number.isInteger(n) || n < 1) throw new LmqlError([error(RUNTIME_CODES.badValue, `decoder argument n must be a whole number ≥ 1, got ${n}`, clause.span)], source);
  const bad = badSamplingNumber(temperature, topK, topP);
  if (bad !== undefined) throw new LmqlError([error(RUNTIME_CODES.badValue, `decoder argument ${bad}`, clause.span)], source);
  const settings: DecoderSettings = {
    decoder,
    n,
    temperature,
    maxTokensPerHole: overrides.maxTokensPerHole ?? defaultMaxTokensPerHole,
    ...(topK === undefined ? {} : { topK }),
    ...(topP === undefined ? {} : { topP }),
    ...(seed === undefined ? {} : { seed }),
  };
  return { settings, maxLen: num("max_len") };
}

/** A sampling number out of range (NaN included: it would silently disable the setting). */
function badSamplingNumber(temperature: number, topK: number | undefined, topP: number | undefined): string | undefined {
  if (!(temperature >= 0 && Number.isFinite(temperature))) return `temperature must be a finite number ≥ 0, got ${temperature}`;
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) return `top_k must be a whole number ≥ 1, got ${topK}`;
  if (topP !== undefined && !(topP > 0 && topP <= 1)) return `top_p must be in (0, 1], got ${topP}`;
  return undefined;
}

/** Keyword arguments evaluated once, in a scope with only the builtins. */
async function clauseArguments(clause: DecoderIr, source: Source, ctx: EvalContext): Promise<Map<string, Value>> {
  const scope = createBuiltins(ctx);
  const out = new Map<string, Value>();
  for (const arg of clause.args) {
    if (arg.kind !== "keyword") continue;
    try {
      out.set(arg.name, await evaluate(arg.value, scope, ctx));
    } catch (e) {
      if (e instanceof PyError) throw new LmqlError([pyErrorDiagnostic(e.located ? e : e.at(arg.span))], source);
      throw e;
    }
  }
  return out;
}
