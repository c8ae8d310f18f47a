/** The public API of lmql-ts queries: compile, run, the `lmql` tag and query object, and their types. */
export { compile, lmql, queryOf, type Query, type QueryRunOptions, type CompileResult } from "./query.js";
export { compileOrThrow, type CompiledQuery, type CompileOptions } from "./compile.js";
export { run, type BoundQuery, type Runnable } from "./run.js";
export { type TemplateQuery } from "./template.js";
export { clearModelCache, loadModel, DEFAULT_MODEL } from "./model-cache.js";
export type { RunOptions, RunResult, QueryResult, RunStats, AnyVariables } from "./result.js";
export type { QueryEvent } from "./stream.js";
export type { VariablesOf } from "./typed.js";
export type { DecoderOverrides } from "./decoder-settings.js";
export type { RunEvent } from "../runtime/run-events.js";
export { QueryAbortedError } from "./abort.js";
