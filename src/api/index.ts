/** The public API of lmql-ts queries: compile, run, the `lmql` tag, and their types. */
export { compile, compileOrThrow, type CompiledQuery, type CompileResult, type CompileOptions } from "./compile.js";
export { run, type BoundQuery, type Runnable } from "./run.js";
export { lmql, type TemplateQuery } from "./template.js";
export { clearModelCache, DEFAULT_MODEL } from "./model-cache.js";
export type { RunOptions, RunResult, QueryResult, RunStats } from "./result.js";
export type { DecoderOverrides } from "./decoder-settings.js";
export type { RunEvent } from "../runtime/run-events.js";
