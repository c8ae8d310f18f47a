/**
 * lmql-ts public API. Every export is named here (no `export *`); test helpers live in
 * `lmql-ts/testing`.
 */

/** Compile a query (parse, check, lower) without running it; returns diagnostics instead of throwing. */
export { compile } from "./api/compile.js";
/** Run a query (source text, a compiled query, or an `lmql` template) and get its results. */
export { run } from "./api/run.js";
/** Tagged template: `` lmql`"Q: {${question}} [A]" where STOPS_AT(A, "\n")` `` then `run(query)`. */
export { lmql } from "./api/template.js";
/** Drop loaded models (they are cached per id within a process). */
export { clearModelCache } from "./api/model-cache.js";
/** Load a local transformers.js model (bundled `tiny-lm`, a folder, or a hub id) as a `LogitsModel`. */
export { loadTransformersModel } from "./models/transformers.js";
/** Thrown by `run()` for query and runtime errors; carries located diagnostics. */
export { LmqlError } from "./diagnostics/diagnostic.js";
/** Render diagnostics as `file:line:col: error[CODE]: message` with a source excerpt and caret. */
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";

export type { CompiledQuery, CompileResult, CompileOptions } from "./api/compile.js";
export type { TemplateQuery } from "./api/template.js";
export type { RunOptions, RunResult, QueryResult, RunStats } from "./api/result.js";
export type { DecoderOverrides } from "./api/decoder-settings.js";
export type { RunEvent } from "./runtime/run-events.js";
export type { LogitsModel, ModelSession, ModelCapabilities } from "./models/model.js";
export type { Diagnostic, Span, Severity, Source } from "./diagnostics/diagnostic.js";
