/**
 * Cancellation: `run(query, { signal })`. The model a run uses is wrapped so that every forward
 * pass first checks the signal; an aborted run thus stops before its next token (inside a hole as
 * well as between holes) and rejects with a `QueryAbortedError` carrying the prompt and variables
 * decided so far. The wrapper is per run, so other runs sharing the model are untouched.
 */
import type { LogitsModel, ModelSession } from "../models/model.js";
import type { RunEvent } from "../runtime/run-events.js";
import type { RunOptions, RunResult } from "./result.js";

/** Thrown by `run()` when its `signal` aborts; `prompt` and `variables` are what the run had decided. */
export class QueryAbortedError extends Error {
  /** The prompt of the first result up to the abort (template text and values decoded so far). */
  readonly prompt: string;
  /** The variables whose holes had ended before the abort. */
  readonly variables: Readonly<Record<string, unknown>>;
  constructor(prompt: string, variables: Readonly<Record<string, unknown>>, reason: unknown) {
    super("the run was aborted", { cause: reason });
    this.name = "AbortError";
    this.prompt = prompt;
    this.variables = variables;
  }
}

/** The signal's own abort, thrown from inside the model wrapper and recognised by `runAbortable`. */
class AbortSignalled extends Error {}

const bases = new WeakMap<object, object>();

/** The model or session a guard wraps (caches keyed by model look through the guard). */
export function baseOf<T extends object>(x: T): T {
  return (bases.get(x) as T | undefined) ?? x;
}

/** `model` with every async call checking `signal` first; `model` itself when there is no signal. */
export function guardModel(model: LogitsModel, signal: AbortSignal | undefined): LogitsModel {
  return signal === undefined ? model : guard(model, signal);
}

function guard<T extends object>(target: T, signal: AbortSignal): T {
  const wrapped = new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (signal.aborted) throw new AbortSignalled();
        // feedMany receives sessions: the backend needs its own objects, not our wrappers.
        const result: unknown = value.apply(t, args.map((a) => (Array.isArray(a) ? a.map((x) => (typeof x === "object" && x !== null ? baseOf(x) : x)) : a)));
        return wrapResult(result, signal);
      };
    },
  });
  bases.set(wrapped, target);
  return wrapped;
}

/** Sessions (fresh or forked) are guarded too; a promise of one is guarded when it settles. */
function wrapResult(result: unknown, signal: AbortSignal): unknown {
  if (result instanceof Promise) return result.then((r: unknown) => (isSession(r) ? guard(r, signal) : r));
  return isSession(result) ? guard(result, signal) : result;
}

function isSession(x: unknown): x is ModelSession {
  return typeof x === "object" && x !== null && typeof (x as ModelSession).feed === "function" && typeof (x as ModelSession).fork === "function";
}

/**
 * Runs `inner` with the prompt and variables tracked from its events, turning an abort into a
 * `QueryAbortedError`. The first result's events are tracked (the others branch from it).
 */
export async function runAbortable<V>(signal: AbortSignal, options: RunOptions, inner: (options: RunOptions) => Promise<RunResult<V>>): Promise<RunResult<V>> {
  let prompt = "";
  const variables: Record<string, unknown> = {};
  const onEvent = (e: RunEvent): void => {
    if (e.type !== "model-loading" && e.result === 0) {
      if (e.type === "text" || e.type === "role") prompt += e.text;
      else if (e.type === "rewrite") prompt = prompt.slice(0, e.at) + e.text;
      else if (e.type === "hole-end") variables[e.variable] = e.value;
    }
    options.onEvent?.(e);
  };
  const aborted = (): QueryAbortedError => new QueryAbortedError(prompt, { ...variables }, signal.reason);
  if (signal.aborted) throw aborted();
  try {
    return await inner({ ...options, onEvent });
  } catch (e) {
    if (e instanceof AbortSignalled || signal.aborted) throw aborted();
    throw e;
  }
}
