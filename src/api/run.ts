/**
 * `run()`: compile if needed, pick and load the model, run the program (once, or branching for the
 * decoders with several results) and shape the result. Query errors and runtime errors are thrown as
 * an LmqlError with located diagnostics; warnings (e.g. LMQL options without effect here) travel
 * with the result.
 */
import { compileConstraint, maxTokensOf } from "../constraints/compile.js";
import { error, LmqlError, type Source, type Span } from "../diagnostics/diagnostic.js";
import type { Program } from "../ir/ir.js";
import type { LogitsModel } from "../models/model.js";
import { ModelLoadError } from "../models/model-load-error.js";
import { openPromptSession } from "../runtime/decode/prompt-session.js";
import type { DecoderSettings, PromptSession } from "../runtime/decode/types.js";
import { fromJs, hostFunction, isCallable, type Value } from "../runtime/eval/index.js";
import { runBranching, type Branch, type BranchingOutcome } from "../runtime/branching.js";
import { runProgram, type ConstraintCompiler, type InterpreterOptions } from "../runtime/interpreter.js";
import { DEFAULT_LIMITS, type RunLimits } from "../runtime/run-limits.js";
import { RUNTIME_CODES, RuntimeFailure } from "../runtime/runtime-error.js";
import { compileOrThrow, type CompiledQuery } from "./compile.js";
import { resolveDecoder } from "./decoder-settings.js";
import { DEFAULT_MODEL } from "./default-model.js";
import { loadModel, vocabularyOf } from "./model-cache.js";
import { toQueryResult } from "./to-result.js";
import { guardModel, runAbortable } from "./abort.js";
import type { RunOptions, RunResult } from "./result.js";

/** A compiled query with input values already bound (what the `lmql` tag produces). */
export interface BoundQuery {
  readonly kind: "bound-query";
  readonly query: CompiledQuery;
  readonly args: Readonly<Record<string, unknown>>;
}

export type Runnable = string | Source | CompiledQuery | BoundQuery;

export async function run(query: Runnable, options: RunOptions = {}): Promise<RunResult> {
  const signal = options.signal;
  return signal === undefined ? runUnguarded(query, options) : runAbortable(signal, options, (o) => runUnguarded(query, o));
}

async function runUnguarded(query: Runnable, options: RunOptions): Promise<RunResult> {
  const { compiled, args } = resolveRunnable(query, options);
  const globals = bindGlobals(compiled, args, options);
  const model = guardModel(await pickModel(compiled, options), options.signal);
  const vocabulary = vocabularyOf(model);
  const settings = await resolveDecoder(compiled.program.decoder, options, DEFAULT_LIMITS.maxTokensPerHole, compiled.source);
  const limits: RunLimits = {
    maxTokensPerHole: settings.maxTokensPerHole,
    maxTokens: options.maxTokens ?? DEFAULT_LIMITS.maxTokens,
    maxIterations: options.maxIterations ?? DEFAULT_LIMITS.maxIterations,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
  };
  const constraints: ConstraintCompiler = { compile: (spec) => compileConstraint(spec, vocabulary), maxTokens: maxTokensOf };
  const started = performance.now();
  const sessions: PromptSession[] = [];
  let opened = 0;
  const open = async (): Promise<PromptSession> => {
    const session = await openPromptSession(model, deriveSeed(settings, opened++), vocabulary);
    sessions.push(session);
    return session;
  };
  const interpreter = {
    openSession: open,
    constraints,
    globals,
    limits,
    tokenize: (text: string) => model.encode(text).map((id) => model.decode([id])),
    sourceText: compiled.source.text,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.input === undefined ? {} : { input: options.input }),
  };
  const root = await open();
  const branches = await runBranches(compiled, settings, root, interpreter);
  const results = branches.map((b) => b.result);
  return {
    results: results.map(toQueryResult),
    model: model.id,
    warnings: compiled.diagnostics.filter((d) => d.severity === "warning" && d.code !== INPUT_NOTICE),
    stats: {
      // The values of the results returned, not of the branches a search dropped.
      tokens: results.reduce((n, r) => n + r.tokens, 0),
      forwardPasses: sessions.reduce((n, s) => n + s.stats.forwardPasses, 0),
      fastForwardTokens: branches.reduce((n, b) => n + b.fastForwardTokens, 0),
      ms: Math.round(performance.now() - started),
    },
  };
}

/** W200 (a name the query reads is an input): the run has its value, so it is no warning here. */
const INPUT_NOTICE = "W200";

/**
 * argmax (and sample with n = 1) run the program once on the root session; the other decoders
 * branch (src/runtime/branching.ts): n results from a shared prefix, the KV cache forked per branch.
 */
async function runBranches(compiled: CompiledQuery, settings: DecoderSettings, root: PromptSession, interpreter: Omit<InterpreterOptions, "session">): Promise<readonly Branch[]> {
  const decoder = settings.decoder;
  if (decoder === "argmax" || (decoder === "sample" && settings.n === 1)) {
    const before = root.stats.fastForwardTokens;
    const outcome = await runProgram(compiled.program, { ...interpreter, session: root, resultIndex: 0 });
    if (outcome.kind === "error") throw new LmqlError([outcome.diagnostic], compiled.source);
    return [{ result: outcome.result, logprob: 0, fastForwardTokens: root.stats.fastForwardTokens - before }];
  }
  let outcome: BranchingOutcome;
  try {
    outcome = await runBranching(compiled.program, { decoder, width: settings.n, root, interpreter });
  } catch (e) {
    if (e instanceof RuntimeFailure) throw new LmqlError([e.diagnostic], compiled.source);
    throw e;
  }
  if (outcome.kind === "error") throw new LmqlError([outcome.diagnostic], compiled.source);
  return outcome.branches;
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

/** Each session opened in a run gets its own seed, fixed when the caller fixed the base seed. */
function deriveSeed(settings: DecoderSettings, i: number): DecoderSettings {
  if (settings.seed === undefined) return settings;
  return { ...settings, seed: (settings.seed + Math.imul(i, 0x9e3779b1)) >>> 0 };
}
