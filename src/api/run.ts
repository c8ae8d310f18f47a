/**
 * `run()`: compile if needed, pick and load the model, then run the program once per result on its
 * own prompt session (sample(n=3) → three runs with seeds derived from one), and shape the result.
 * Query errors and runtime errors are thrown as an LmqlError with located diagnostics.
 */
import { compileConstraint, maxTokensOf } from "../constraints/compile.js";
import { error, LmqlError, type Source, type Span } from "../diagnostics/diagnostic.js";
import type { Program } from "../ir/ir.js";
import type { LogitsModel } from "../models/model.js";
import { ModelLoadError } from "../models/model-load-error.js";
import { openPromptSession } from "../runtime/decode/prompt-session.js";
import type { DecoderSettings, PromptSession } from "../runtime/decode/types.js";
import { fromJs, hostFunction, isCallable, type Value } from "../runtime/eval/index.js";
import { runProgram, type ConstraintCompiler, type ProgramResult } from "../runtime/interpreter.js";
import { DEFAULT_LIMITS, limitedEvalContext, resolveLimits, type RunLimits } from "../runtime/run-limits.js";
import { RUNTIME_CODES } from "../runtime/runtime-error.js";
import { compileOrThrow, type CompiledQuery } from "./compile.js";
import { resolveDecoder } from "./decoder-settings.js";
import { DEFAULT_MODEL } from "./default-model.js";
import { loadModel, vocabularyOf } from "./model-cache.js";
import { toQueryResult } from "./to-result.js";
import type { RunOptions, RunResult } from "./result.js";

/** A compiled query with input values already bound (what the `lmql` tag produces). */
export interface BoundQuery {
  readonly kind: "bound-query";
  readonly query: CompiledQuery;
  readonly args: Readonly<Record<string, unknown>>;
}

export type Runnable = string | Source | CompiledQuery | BoundQuery;

export async function run(query: Runnable, options: RunOptions = {}): Promise<RunResult> {
  const { compiled, args } = resolveRunnable(query, options);
  const globals = bindGlobals(compiled, args, options);
  const model = await pickModel(compiled, options);
  const vocabulary = vocabularyOf(model);
  const given = resolveLimits(options, compiled.source);
  const { settings, maxLen } = await resolveDecoder(compiled.program.decoder, options, given.maxTokensPerHole, compiled.source, limitedEvalContext(given));
  const limits: RunLimits = resolveLimits({ ...given, maxTokensPerHole: settings.maxTokensPerHole, maxTokens: options.maxTokens ?? maxLen ?? DEFAULT_LIMITS.maxTokens }, compiled.source);
  const constraints: ConstraintCompiler = { compile: (spec) => compileConstraint(spec, vocabulary), maxTokens: maxTokensOf };
  const started = performance.now();
  const runs = settings.decoder === "sample" ? settings.n : 1;
  const results: ProgramResult[] = [];
  const sessions: PromptSession[] = [];
  let opened = 0;
  const open = async (): Promise<PromptSession> => {
    const session = await openPromptSession(model, deriveSeed(settings, opened++), vocabulary);
    sessions.push(session);
    return session;
  };
  for (let i = 0; i < runs; i++) {
    const outcome = await runProgram(compiled.program, {
      session: await open(),
      openSession: open,
      constraints,
      globals,
      limits,
      tokenize: (text) => model.encode(text).map((id) => model.decode([id])),
      sourceText: compiled.source.text,
      resultIndex: i,
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.input === undefined ? {} : { input: options.input }),
    });
    if (outcome.kind === "error") throw new LmqlError([outcome.diagnostic], compiled.source);
    results.push(outcome.result);
  }
  return {
    results: results.map(toQueryResult),
    model: model.id,
    stats: {
      tokens: sessions.reduce((n, s) => n + s.stats.tokens, 0),
      forwardPasses: sessions.reduce((n, s) => n + s.stats.forwardPasses, 0),
      fastForwardTokens: sessions.reduce((n, s) => n + s.stats.fastForwardTokens, 0),
      ms: Math.round(performance.now() - started),
    },
  };
}

function resolveRunnable(query: Runnable, options: RunOptions): { compiled: CompiledQuery; args: Readonly<Record<string, unknown>> } {
  if (typeof query === "string" || !("kind" in query)) {
    return { compiled: compileOrThrow(query, { hostFunctions: Object.keys(options.hostFunctions ?? {}) }), args: options.args ?? {} };
  }
  if (query.kind === "bound-query") return { compiled: query.query, args: { ...query.args, ...options.args } };
  return { compiled: query, args: options.args ?? {} };
}

/** Inputs and host functions as globals; an input without a value is an error naming it. */
function bindGlobals(compiled: CompiledQuery, args: Readonly<Record<string, unknown>>, options: RunOptions): Map<string, Value> {
  const globals = new Map<string, Value>();
  for (const [name, fn] of Object.entries(options.hostFunctions ?? {})) globals.set(name, hostFunction(name, fn));
  for (const [name, value] of Object.entries(args)) {
    const v = fromJs(value);
    globals.set(name, isCallable(v) && typeof value === "function" ? hostFunction(name, value as (...a: unknown[]) => unknown) : v);
  }
  const missing = compiled.inputs.filter((name) => !globals.has(name));
  if (missing.length > 0) {
    throw new LmqlError(
      missing.map((name) => error(RUNTIME_CODES.missingInput, `input '${name}' has no value`, compiled.inputSpans.get(name) ?? { start: 0, end: 0 }, `pass it with --arg ${name}=value or run(query, { args: { ${name}: ... } })`)),
      compiled.source,
    );
  }
  return globals;
}

async function pickModel(compiled: CompiledQuery, options: RunOptions): Promise<LogitsModel> {
  if (options.model !== undefined && typeof options.model !== "string") return options.model;
  const fromQuery = modelIdOf(compiled.program);
  const id = options.model ?? fromQuery?.id ?? DEFAULT_MODEL;
  const at: Span = options.model === undefined && fromQuery !== undefined ? fromQuery.span : { start: 0, end: 0 };
  try {
    const onEvent = options.onEvent;
    return await loadModel(id, onEvent === undefined ? undefined : (p) => onEvent({ type: "model-loading", model: id, ...(p.progress === undefined ? {} : { progress: p.progress }), ...(p.file === undefined ? {} : { file: p.file }) }));
  } catch (e) {
    if (e instanceof ModelLoadError) throw new LmqlError([e.toDiagnostic(at)], compiled.source);
    throw e;
  }
}

/** `from "id"` or `from lmql.model("id", ...)`: the id string, when it is a literal. */
export function modelIdOf(program: Program): { id: string; span: Span } | undefined {
  const clause = program.model;
  if (clause === undefined) return undefined;
  const e = clause.expr;
  if (e.kind === "string") return { id: e.value, span: e.span };
  if (e.kind === "call") {
    const first = e.args[0];
    if (first !== undefined && first.kind === "positional" && first.value.kind === "string") return { id: first.value.value, span: first.value.span };
  }
  return undefined;
}

/** Result i of a sampled run gets its own seed, fixed when the caller fixed the base seed. */
function deriveSeed(settings: DecoderSettings, i: number): DecoderSettings {
  if (settings.seed === undefined) return settings;
  return { ...settings, seed: (settings.seed + Math.imul(i, 0x9e3779b1)) >>> 0 };
}
