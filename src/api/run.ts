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
import { modelIdOfClause } from "../language/index.js";
import { ModelLoadError } from "../models/model-load-error.js";
import { openPromptSession } from "../runtime/decode/prompt-session.js";
import { BYTE_VOCABULARY, openTextSession, type TextDecodeStats } from "../runtime/decode/text-session.js";
import { templateStops } from "../runtime/decode/template-stops.js";
import { isTextModel, isTextModelId, openTextModel, textModelOptionsOf } from "../models/text-models.js";
import { TextModelError, type TextModel } from "../models/text-model.js";
import type { DecoderSettings, PromptSession } from "../runtime/decode/types.js";
import { fromJs, hostFunction, isCallable, PyError, pyErrorDiagnostic, type Value } from "../runtime/eval/index.js";
import { runBranching, type Branch, type BranchingOutcome } from "../runtime/branching.js";
import { runProgram, type ConstraintCompiler, type InterpreterOptions } from "../runtime/interpreter.js";
import { DEFAULT_LIMITS, limitedEvalContext, resolveLimits, type RunLimits } from "../runtime/run-limits.js";
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
  // A hosted (text) backend is opened before any work, so a missing key fails first.
  const text = pickTextModel(compiled, options);
  const model = text === undefined ? guardModel(await pickModel(compiled, options), options.signal) : undefined;
  const vocabulary = model === undefined ? BYTE_VOCABULARY : vocabularyOf(model);
  const given = resolveLimits(options, compiled.source);
  const settings = await resolveDecoder(compiled.program.decoder, options, given.maxTokensPerHole, compiled.source, limitedEvalContext(given));
  const limits: RunLimits = resolveLimits({ ...given, maxTokensPerHole: settings.maxTokensPerHole, maxTokens: options.maxTokens ?? DEFAULT_LIMITS.maxTokens }, compiled.source);
  const constraints: ConstraintCompiler = { compile: (spec) => compileConstraint(spec, vocabulary), maxTokens: maxTokensOf };
  const started = performance.now();
  const sessions: PromptSession[] = [];
  // Hosted backends stop a hole at the template text after it: read off the program once.
  const textOptions = text === undefined ? undefined : { templateStops: templateStops(compiled.program), ...(options.signal === undefined ? {} : { signal: options.signal }) };
  let opened = 0;
  const open = async (): Promise<PromptSession> => {
    const seeded = deriveSeed(settings, opened++);
    const session = model === undefined ? openTextSession(text!, seeded, textOptions) : await openPromptSession(model, seeded, vocabulary);
    sessions.push(session);
    return session;
  };
  const interpreter = {
    openSession: open,
    constraints,
    globals,
    limits,
    ...(model === undefined ? {} : { tokenize: (s: string) => model.encode(s).map((id) => model.decode([id])) }),
    sourceText: compiled.source.text,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.input === undefined ? {} : { input: options.input }),
  };
  const root = await open();
  const branches = await runBranches(compiled, settings, root, interpreter);
  const results = branches.map((b) => b.result);
  return {
    results: results.map(toQueryResult),
    model: model?.id ?? text!.id,
    warnings: compiled.diagnostics.filter((d) => d.severity === "warning" && d.code !== INPUT_NOTICE),
    stats: {
      // The values of the results returned, not of the branches a search dropped.
      tokens: results.reduce((n, r) => n + r.tokens, 0),
      forwardPasses: sessions.reduce((n, s) => n + s.stats.forwardPasses, 0),
      fastForwardTokens: branches.reduce((n, b) => n + b.fastForwardTokens, 0),
      ms: Math.round(performance.now() - started),
      ...(text === undefined ? {} : { remote: remoteStats(sessions) }),
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
  if (decoder === "argmax" || (decoder === "sample" && settings.n === 1)) return [await runOnce(compiled, root, interpreter, 0)];
  // A session that cannot branch (a hosted text backend) samples n independent runs; beam and
  // best_k fail on its first hole with a diagnostic saying they need log-probabilities.
  if (root.candidates === undefined) {
    const runs = decoder === "sample" ? settings.n : 1;
    const out: Branch[] = [];
    for (let i = 0; i < runs; i++) out.push(await runOnce(compiled, i === 0 ? root : await interpreter.openSession!(), interpreter, i));
    return out;
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

async function runOnce(compiled: CompiledQuery, session: PromptSession, interpreter: Omit<InterpreterOptions, "session">, resultIndex: number): Promise<Branch> {
  const before = session.stats.fastForwardTokens;
  const outcome = await runProgram(compiled.program, { ...interpreter, session, resultIndex });
  if (outcome.kind === "error") throw new LmqlError([outcome.diagnostic], compiled.source);
  return { result: outcome.result, logprob: 0, fastForwardTokens: session.stats.fastForwardTokens - before };
}

function resolveRunnable(query: Runnable, options: RunOptions): { compiled: CompiledQuery; args: Readonly<Record<string, unknown>> } {
  if (typeof query === "string" || !("kind" in query)) {
    return { compiled: compileOrThrow(query, { hostFunctions: Object.keys(options.hostFunctions ?? {}) }), args: options.args ?? {} };
  }
  if (query.kind === "bound-query") return { compiled: query.query, args: { ...query.args, ...options.args } };
  return { compiled: query, args: options.args ?? {} };
}

/** A host value as a query value; one Python cannot hold (an unhashable set member) is located at the input. */
function hostValue(name: string, value: unknown, compiled: CompiledQuery): Value {
  try {
    return fromJs(value);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    const at = compiled.inputSpans.get(name) ?? { start: 0, end: 0 };
    throw new LmqlError([pyErrorDiagnostic(new PyError(e.pyType, `input '${name}': ${e.pyMessage}`, at, e.hint))], compiled.source);
  }
}

/** Inputs and host functions as globals; an input without a value is an error naming it. */
function bindGlobals(compiled: CompiledQuery, args: Readonly<Record<string, unknown>>, options: RunOptions): Map<string, Value> {
  const globals = new Map<string, Value>();
  for (const [name, fn] of Object.entries(options.hostFunctions ?? {})) globals.set(name, hostFunction(name, fn));
  for (const [name, value] of Object.entries(args)) {
    const v = hostValue(name, value, compiled);
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

/** Text backends' totals over all sessions (each session's stats cover its forks). */
function remoteStats(sessions: readonly PromptSession[]): NonNullable<RunResult["stats"]["remote"]> {
  const all = sessions.map((s) => s.stats as TextDecodeStats);
  const sum = (f: (s: TextDecodeStats) => number): number => all.reduce((n, s) => n + f(s), 0);
  return { calls: sum((s) => s.calls), inputTokens: sum((s) => s.inputTokens), outputTokens: sum((s) => s.outputTokens), cachedTokens: sum((s) => s.cachedTokens), cacheWriteTokens: sum((s) => s.cacheWriteTokens), repairs: sum((s) => s.repairs) };
}

/** The text backend the run uses (`anthropic:...`), or undefined for a local model. */
function pickTextModel(compiled: CompiledQuery, options: RunOptions): TextModel | undefined {
  if (isTextModel(options.model)) return options.model;
  if (options.model !== undefined && typeof options.model !== "string") return undefined;
  const fromQuery = modelIdOf(compiled.program);
  const id = options.model ?? fromQuery?.id;
  if (id === undefined || !isTextModelId(id)) return undefined;
  try {
    return openTextModel(id, options.model === undefined ? textModelOptionsOf(compiled.program) : {});
  } catch (e) {
    const at: Span = options.model === undefined && fromQuery !== undefined ? fromQuery.span : { start: 0, end: 0 };
    if (e instanceof TextModelError) throw new LmqlError([error(e.code, e.message, at, e.hint)], compiled.source);
    throw e;
  }
}

async function pickModel(compiled: CompiledQuery, options: RunOptions): Promise<LogitsModel> {
  if (options.model !== undefined && typeof options.model !== "string") return options.model as LogitsModel;
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

/** `from "id"` or `from lmql.model("id", ...)`: the id string, when it is a literal (see src/language). */
export function modelIdOf(program: Program): { id: string; span: Span } | undefined {
  return program.model === undefined ? undefined : modelIdOfClause(program.model.expr);
}

/** Each session opened in a run gets its own seed, fixed when the caller fixed the base seed. */
function deriveSeed(settings: DecoderSettings, i: number): DecoderSettings {
  if (settings.seed === undefined) return settings;
  return { ...settings, seed: (settings.seed + Math.imul(i, 0x9e3779b1)) >>> 0 };
}
