/**
 * The one table of decoders and their arguments, with LMQL's names and ranges
 * (LMQL: src/lmql/runtime/dclib/decoders.py and the runtime's extra decoder arguments). The parser,
 * the checker, the API's decoder settings and the runtime all read it: a name accepted in one phase
 * is known to every other.
 */

/** What a decoder runs as here. */
export type DecoderKind = "argmax" | "sample" | "beam" | "best_k";

/** How an argument's value is judged: `check` on literal numbers, `requirement` in messages. */
export interface ArgumentRange {
  readonly check: (n: number) => boolean;
  readonly requirement: string;
}

/**
 * What an argument does here: `used` changes decoding; `ignored` is an LMQL option with no effect
 * on this runtime (it is accepted, with a warning, so LMQL queries run unchanged).
 */
export type ArgumentEffect = "used" | "ignored";

export interface DecoderArgument {
  readonly name: string;
  readonly effect: ArgumentEffect;
  readonly range?: ArgumentRange;
  /** For `ignored` arguments: why nothing happens here. */
  readonly why?: string;
}

export interface DecoderDefinition {
  readonly name: string;
  /** undefined: LMQL has this decoder but we reject it (`unsupported` says why). */
  readonly runs: DecoderKind | undefined;
  readonly unsupported?: string;
  /** The arguments this decoder takes, LMQL's names (LMQL's default in the comment). */
  readonly args: readonly string[];
}

const WHOLE_1: ArgumentRange = { check: (n) => Number.isInteger(n) && n >= 1, requirement: "a whole number ≥ 1" };
const WHOLE_0: ArgumentRange = { check: (n) => Number.isInteger(n) && n >= 0, requirement: "a whole number ≥ 0" };

const used = (name: string, range?: ArgumentRange): DecoderArgument => ({ name, effect: "used", ...(range === undefined ? {} : { range }) });
const ignored = (name: string, why: string): DecoderArgument => ({ name, effect: "ignored", why });

const REMOTE = "it configures LMQL's remote (OpenAI) backends, which this runtime does not use";

/** Every decoder argument, LMQL's names. */
export const DECODER_ARGUMENTS: ReadonlyMap<string, DecoderArgument> = new Map(
  [
    used("n", WHOLE_1),
    used("k", WHOLE_1),
    used("temperature", { check: (n) => n >= 0, requirement: "≥ 0" }),
    used("top_k", WHOLE_0),
    used("top_p", { check: (n) => n > 0 && n <= 1, requirement: "in (0, 1]" }),
    used("repetition_penalty", { check: (n) => n > 0, requirement: "> 0 (1 means no penalty)" }),
    used("frequency_penalty", { check: (n) => n >= -2 && n <= 2, requirement: "in [-2, 2]" }),
    used("presence_penalty", { check: (n) => n >= -2 && n <= 2, requirement: "in [-2, 2]" }),
    used("max_len", WHOLE_1),
    used("seed", { check: (n) => Number.isInteger(n), requirement: "a whole number" }),
    ignored("verbose", "this runtime has no per-call logging; use run({ onEvent }) to watch decoding"),
    ignored("chunksize", REMOTE),
    ignored("openai_chunksize", REMOTE),
    ignored("chunk_timeout", REMOTE),
    ignored("openai_nonstop", REMOTE),
    ignored("chatty_openai", REMOTE),
    ignored("endpoint", "the model is chosen by `from` or run({ model }); there is no inference server to point at"),
    ignored("cuda", "local models run on the CPU through transformers.js"),
    ignored("cache", "the KV cache lives for one run; there is no token cache across runs"),
    ignored("show_speculative", "there is no speculative decoding to show"),
    ignored("certificate", "no inference certificate is written"),
    ignored("budget", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
    ignored("kappa", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
    ignored("beta", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
    ignored("gamma", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
    ignored("max_heap_size", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
    ignored("top_k_continuations", "best_k here is a length-normalized beam search, not LMQL's best-first search"),
  ].map((a) => [a.name, a]),
);

/** Options every decoder takes (LMQL's runtime parameters and extra decoding parameters). */
const COMMON = ["max_len", "seed", "repetition_penalty", "frequency_penalty", "presence_penalty", "verbose", "chunksize", "openai_chunksize", "chunk_timeout", "openai_nonstop", "chatty_openai", "endpoint", "cuda", "cache", "show_speculative", "certificate"];

const BEST_FIRST = ["budget", "kappa", "beta", "gamma", "max_heap_size", "top_k_continuations"];

const VARIABLE_LEVEL = "variable-level beam search is experimental in LMQL and not implemented here";

/** LMQL's decoders: argmax(n=1, max_len=2048), sample(n=1, temperature=1), beam/beam_search(n=4), best_k(k=4, ...). */
export const DECODERS: ReadonlyMap<string, DecoderDefinition> = new Map(
  (
    [
      { name: "argmax", runs: "argmax", args: COMMON },
      { name: "sample", runs: "sample", args: ["n", "temperature", "top_k", "top_p", ...COMMON] },
      { name: "beam", runs: "beam", args: ["n", ...COMMON] },
      { name: "beam_search", runs: "beam", args: ["n", ...COMMON] },
      // `n` is our older spelling of LMQL's `k`.
      { name: "best_k", runs: "best_k", args: ["k", "n", ...BEST_FIRST, ...COMMON] },
      { name: "beam_sample", runs: undefined, unsupported: "sampled beam search is not implemented here", args: ["n", "temperature", ...COMMON] },
      { name: "beam_var", runs: undefined, unsupported: VARIABLE_LEVEL, args: ["n", ...COMMON] },
      { name: "var", runs: undefined, unsupported: VARIABLE_LEVEL, args: ["b", "n", "temperature", ...COMMON] },
    ] satisfies DecoderDefinition[]
  ).map((d) => [d.name, d]),
);

/** LMQL's defaults for the result count (`n`, or `k` for best_k). */
export const DEFAULT_WIDTH: Readonly<Record<DecoderKind, number>> = { argmax: 1, sample: 1, beam: 4, best_k: 4 };

/** Decoders that return several results for the whole program. */
export function isBranching(kind: DecoderKind): boolean {
  return kind !== "argmax";
}

export const DECODER_CODES = {
  /** LMQL has the decoder, this runtime rejects it. */
  unsupported: "E244",
  /** An LMQL option that does nothing here. */
  ignoredOption: "W245",
} as const;

/** The argument names accepted by a decoder, `undefined` for an unknown decoder. */
export function decoderArguments(name: string): readonly string[] | undefined {
  return DECODERS.get(name)?.args;
}
