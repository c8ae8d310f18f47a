/**
 * The query's decoder clause (`sample(n=3, temperature=0.8)`) merged with the caller's overrides
 * into the settings a PromptSession decodes with.
 */
import { error, LmqlError, type Source } from "../diagnostics/diagnostic.js";
import type { DecoderIr } from "../ir/ir.js";
import type { DecoderName, DecoderSettings } from "../runtime/decode/types.js";
import { createBuiltins, evaluate, PyError, pyErrorDiagnostic, toNumber, type EvalContext, type Value } from "../runtime/eval/index.js";
import { RUNTIME_CODES } from "../runtime/runtime-error.js";
import { DECODER_ARGUMENTS, DECODER_CODES, DECODERS, DEFAULT_WIDTH } from "../language/decoders.js";

/** Caller overrides; each wins over the query's clause. */
export interface DecoderOverrides {
  readonly decoder?: DecoderName;
  readonly n?: number;
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly seed?: number;
  readonly maxTokensPerHole?: number;
  readonly repetitionPenalty?: number;
  readonly frequencyPenalty?: number;
  readonly presencePenalty?: number;
}

const NO_PRINT: EvalContext = { print: () => undefined };

export async function resolveDecoder(clause: DecoderIr, overrides: DecoderOverrides, defaultMaxTokensPerHole: number, source: Source, ctx: EvalContext = NO_PRINT): Promise<DecoderSettings> {
  const definition = DECODERS.get(clause.name);
  const kind = overrides.decoder ?? definition?.runs;
  if (kind === undefined) {
    const why = definition?.unsupported ?? "it is not one of LMQL's decoders";
    throw new LmqlError([error(DECODER_CODES.unsupported, `decoder \`${clause.name}\` is not supported: ${why}`, clause.span)], source);
  }
  const args = await clauseArguments(clause, source, ctx);
  const num = (name: string): number | undefined => {
    const v = args.get(name);
    return v === undefined || v === null ? undefined : toNumber(v);
  };
  // best_k counts its results with LMQL's `k`; `n` is accepted as our older spelling.
  const width = kind === "best_k" ? (num("k") ?? num("n")) : num("n");
  const n = overrides.n ?? width ?? DEFAULT_WIDTH[kind];
  const picked: Record<string, number | undefined> = {
    temperature: overrides.temperature ?? num("temperature"),
    top_k: overrides.topK ?? num("top_k"),
    top_p: overrides.topP ?? num("top_p"),
    seed: overrides.seed ?? num("seed"),
    max_len: num("max_len"),
    repetition_penalty: overrides.repetitionPenalty ?? num("repetition_penalty"),
    frequency_penalty: overrides.frequencyPenalty ?? num("frequency_penalty"),
    presence_penalty: overrides.presencePenalty ?? num("presence_penalty"),
  };
  for (const [name, value] of [["n", n] as const, ...Object.entries(picked)]) {
    const range = DECODER_ARGUMENTS.get(name)?.range;
    if (value !== undefined && range !== undefined && !range.check(value)) {
      throw new LmqlError([error(RUNTIME_CODES.badValue, `decoder argument ${name} must be ${range.requirement}, got ${value}`, clause.span)], source);
    }
  }
  const bad = badSamplingNumber(picked.temperature ?? 1, picked.top_k, picked.top_p);
  if (bad !== undefined) throw new LmqlError([error(RUNTIME_CODES.badValue, `decoder argument ${bad}`, clause.span)], source);
  const optional = (key: keyof DecoderSettings, value: number | undefined): Partial<DecoderSettings> => (value === undefined ? {} : { [key]: value });
  return {
    decoder: kind,
    n,
    temperature: picked.temperature ?? 1,
    maxTokensPerHole: overrides.maxTokensPerHole ?? defaultMaxTokensPerHole,
    ...optional("topK", picked.top_k),
    ...optional("topP", picked.top_p),
    ...optional("seed", picked.seed),
    ...optional("maxLen", picked.max_len),
    ...optional("repetitionPenalty", picked.repetition_penalty),
    ...optional("frequencyPenalty", picked.frequency_penalty),
    ...optional("presencePenalty", picked.presence_penalty),
  };
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
