/**
 * The query object of the public API: `lmql("...")`, `` lmql`...` `` and `compile("...")` give a
 * `Query` with `run(options)` and `stream(options)`. For a query written as a string literal its
 * variables are typed from the text (`VariablesOf`); the tag cannot be (TypeScript does not type a
 * template's text), so it takes the variables' type as an optional type argument.
 */
import type { Diagnostic, Source } from "../diagnostics/diagnostic.js";
import { compile as compileQuery, compileOrThrow, type CompileOptions, type CompiledQuery } from "./compile.js";
import type { AnyVariables, RunOptions, RunResult } from "./result.js";
import { run, type BoundQuery } from "./run.js";
import { streamOf, type QueryEvent } from "./stream.js";
import { lmql as template } from "./template.js";
import type { InputsOf, VariablesOf } from "./typed.js";

/** Options of `Query.run` and `Query.stream`; `args` is required when the query has inputs TypeScript can see. */
export type QueryRunOptions<A = AnyVariables> = Omit<RunOptions, "args"> & ({} extends A ? { readonly args?: A } : { readonly args: A });

/** The options argument: optional unless the query has required inputs. */
type OptionsArg<A, O> = {} extends A ? [options?: O] : [options: O];

/** A compiled query, ready to run any number of times (concurrently too); `V` types its variables. */
export interface Query<V = AnyVariables, A = AnyVariables> extends BoundQuery {
  /** The query's source text and name (what diagnostics point into). */
  readonly source: Source;
  /** Names the query reads but never defines: pass them as `args`. */
  readonly inputs: readonly string[];
  /** Warnings found while compiling. */
  readonly warnings: readonly Diagnostic[];
  /** Runs the query; rejects with an `LmqlError` for query and runtime errors. */
  run(...options: OptionsArg<A, QueryRunOptions<A>>): Promise<RunResult<V>>;
  /**
   * Runs the query, yielding its events as they happen, then `result` events and `done`. Leaving
   * the loop early (`break`) aborts the run.
   */
  stream(...options: OptionsArg<A, Omit<QueryRunOptions<A>, "onEvent">>): AsyncIterable<QueryEvent<V>>;
}

/** Wraps a compiled query (and the values a template bound) as a `Query`. */
export function queryOf<V = AnyVariables, A = AnyVariables>(compiled: CompiledQuery, args: Readonly<Record<string, unknown>> = {}): Query<V, A> {
  const bound: BoundQuery = { kind: "bound-query", query: compiled, args };
  // The variables' type is a promise of the type-level scan of the same text the compiler checked.
  const typedRun = (options?: RunOptions): Promise<RunResult<V>> => run(bound, options) as Promise<RunResult<V>>;
  return {
    ...bound,
    source: compiled.source,
    inputs: compiled.inputs.filter((name) => !(name in args)),
    warnings: compiled.diagnostics.filter((d) => d.severity === "warning"),
    run: (...[options]) => typedRun(options as RunOptions | undefined),
    stream: (...[given]) => {
      const options = given as RunOptions | undefined;
      return streamOf<V>((onEvent, stop) => typedRun({ ...options, onEvent, signal: options?.signal === undefined ? stop : AbortSignal.any([stop, options.signal]) }));
    },
  };
}

/**
 * `lmql("...")` compiles a query written as a string (its variables typed from the text when it is
 * a literal); `` lmql`..."{${value}}"...` `` binds `${}` values as inputs (values, never source) and
 * takes its variables' type as a type argument: `` lmql<{ A: string }>`...` ``.
 * Both throw an `LmqlError` when the query does not compile.
 */
export function lmql<const S extends string>(source: S): Query<VariablesOf<S>, InputsOf<S>>;
export function lmql<V = AnyVariables>(strings: TemplateStringsArray, ...values: unknown[]): Query<V>;
export function lmql(first: string | TemplateStringsArray, ...values: unknown[]): Query {
  if (typeof first === "string") return queryOf(compileOrThrow(first));
  const t = template(first, ...values);
  return queryOf(t.query, t.args);
}

/** What `compile()` returns: the query, or the diagnostics that stop it (never throws for query errors). */
export type CompileResult<V = AnyVariables, A = AnyVariables> =
  | { readonly kind: "ok"; readonly query: Query<V, A>; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "error"; readonly source: Source; readonly diagnostics: readonly Diagnostic[] };

/** Compiles a query without running it; a literal's variables are typed from its text. */
export function compile<const S extends string>(source: S | Source, options: CompileOptions = {}): CompileResult<VariablesOf<S>, InputsOf<S>> {
  const result = compileQuery(source, options);
  if (result.kind === "error") return result;
  return { kind: "ok", query: queryOf<VariablesOf<S>, InputsOf<S>>(result.query), diagnostics: result.diagnostics };
}
