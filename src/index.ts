/**
 * lmql-ts public API. Every export is named here (no `export *`); test helpers live in
 * `lmql-ts/testing`.
 */

/**
 * A query as a value: `lmql("...")` (variables typed from a literal's text) or the tag
 * `` lmql`"Q: ${question} [A]" where STOPS_AT(A, "\n")` `` (`${}` values bound as inputs, never
 * as source); then `query.run(options)` or `for await (const e of query.stream(options))`.
 */
export { lmql } from "./api/query.js";
/** Compile a query without running it; returns diagnostics instead of throwing, or a `Query`. */
export { compile } from "./api/query.js";
/** Run a query (source text, a compiled query, or a `Query`) and get its results. */
export { run } from "./api/run.js";
/**
 * Load a model once and share it: `loadModel("local:tiny-lm")`, a folder or a hub id. Pass it as
 * `run({ model })`; concurrent runs on one model each get their own session.
 */
export { loadModel } from "./api/model-cache.js";
/** Drop loaded models (they are cached per id within a process). */
export { clearModelCache } from "./api/model-cache.js";
/** Load a local transformers.js model without the cache (bundled `tiny-lm`, a folder, or a hub id). */
export { loadTransformersModel } from "./models/transformers.js";
/**
 * A hosted Anthropic model as a value: `run(q, { model: openAnthropic("anthropic:claude-sonnet-4-5",
 * { apiKey, baseURL, prefill }) })`. Queries may also name it in `from "anthropic:..."`.
 */
export { openAnthropic } from "./models/anthropic.js";
/** Thrown for query and runtime errors; carries located diagnostics and the source they point into. */
export { LmqlError } from "./diagnostics/diagnostic.js";
/** Rejection of a run whose `signal` aborted; carries the prompt and variables decided so far. */
export { QueryAbortedError } from "./api/abort.js";
/** Render diagnostics as `file:line:col: error[CODE]: message` with a source excerpt and caret. */
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";

/** The query object `lmql()` and `compile()` give, and `compile()`'s result. */
export type { Query, QueryRunOptions, CompileResult } from "./api/query.js";
/** The events of `query.stream()`: the run's events, then `result` per result and `done`. */
export type { QueryEvent } from "./api/stream.js";
/** A query's variables' types read from its text (`[N: int]` → number, `X in ["a"]` → "a"). */
export type { VariablesOf } from "./api/typed.js";
/** A query as `compile` from `./api/compile.js` produces it internally (what `run()` also accepts). */
export type { CompiledQuery, CompileOptions } from "./api/compile.js";
/** What `run()` takes and gives. */
export type { RunOptions, RunResult, QueryResult, RunStats, AnyVariables } from "./api/result.js";
/** Decoder settings a caller may override (`decoder`, `n`, `temperature`, `seed`, ...). */
export type { DecoderOverrides } from "./api/decoder-settings.js";
/** The events `onEvent` receives while a query runs. */
export type { RunEvent } from "./runtime/run-events.js";
/** The model interfaces a custom backend implements: with logits (local), or text only (hosted). */
export type { LogitsModel, ModelSession, ModelCapabilities } from "./models/model.js";
export type { TextModel } from "./models/text-model.js";
/** Options of `openAnthropic`. */
export type { AnthropicOptions } from "./models/anthropic.js";
/** Diagnostics and the source they point into. */
export type { Diagnostic, Span, Severity, Source } from "./diagnostics/diagnostic.js";
