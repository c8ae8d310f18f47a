/**
 * The interpreter: runs a lowered Program with Python semantics on one PromptSession. Statements
 * complete normally or with break/continue/return (a completion value, not exceptions); Python
 * errors and limit violations become located Diagnostics at the statement that let them escape.
 */
import { unreachable, type Span } from "../diagnostics/diagnostic.js";
import type { DefIr, IrStmt, Program, PromptIr, SegmentIr } from "../ir/ir.js";
import {
  assignTarget,
  augAssign,
  callValue,
  createBuiltins,
  defineFunction,
  evaluate,
  formatValue,
  HostObject,
  resolveFormatSpec,
  iterate,
  PyError,
  pyStr,
  truthy,
  type Callable,
  type EvalContext,
  type Scope,
  type Value,
} from "./eval/index.js";
import { fillHole } from "./interpreter-holes.js";
import { LmqlNamespace } from "./lmql-namespace.js";
import { QueryContext } from "./query-context.js";
import type { InterpreterOptions, ProgramOutcome, RunEventBody, RunState } from "./interpreter-state.js";
import { Deadline, loopGuard } from "./run-limits.js";
import { fail, RUNTIME_CODES, RuntimeFailure, toDiagnostic } from "./runtime-error.js";

export type { ConstraintCompiler, InterpreterOptions, ProgramOutcome, ProgramResult, DistributionResult } from "./interpreter-state.js";

type Completion =
  | { readonly kind: "normal" }
  | { readonly kind: "break" }
  | { readonly kind: "continue" }
  | { readonly kind: "return"; readonly value: Value };

const NORMAL: Completion = { kind: "normal" };

export async function runProgram(program: Program, options: InterpreterOptions): Promise<ProgramOutcome> {
  const st = createState(program, options);
  try {
    const done = await execBlock(program.body, st.globals, st);
    return {
      kind: "ok",
      result: {
        prompt: st.session.text,
        variables: st.variables,
        returned: done.kind === "return" ? done.value : null,
        didReturn: done.kind === "return",
        distribution: st.distribution,
        tokens: st.tokens,
      },
    };
  } catch (e) {
    if (e instanceof RuntimeFailure) return { kind: "error", diagnostic: e.diagnostic, prompt: st.session.text, variables: st.variables };
    throw e;
  }
}

function createState(program: Program, options: InterpreterOptions): RunState {
  const deadline = new Deadline(options.limits);
  const resultIndex = options.resultIndex ?? 0;
  const emit = (event: RunEventBody): void => {
    // A query function run as its own query has its own prompt: its text is not streamed as ours.
    if (st.nested > 0 && (event.type === "text" || event.type === "role" || event.type === "rewrite")) return;
    options.onEvent?.({ ...event, result: resultIndex } as Parameters<NonNullable<InterpreterOptions["onEvent"]>>[0]);
  };
  const evalCtx: EvalContext = {
    print: (text) => emit({ type: "print", text }),
    tick: (steps) => deadline.step(steps),
    ...(options.input === undefined ? {} : { input: options.input }),
  };
  const globals = createBuiltins(evalCtx).child();
  const context = new HostObject(new QueryContext(() => st));
  globals.set("context", context);
  globals.set("lmql", new HostObject(new LmqlNamespace(() => st)));
  for (const [name, value] of options.globals) globals.set(name, value);
  const st: RunState = {
    program,
    options,
    session: options.session,
    nested: 0,
    splice: false,
    spliced: 0,
    spliceReturned: false,
    arity: new WeakMap(),
    decoratorStages: new WeakMap(),
    context,
    queryFunctions: new WeakSet(),
    eval: evalCtx,
    globals,
    deadline,
    compiled: new Map(),
    variables: new Map(),
    decided: new Set(),
    tokens: 0,
    distribution: undefined,
    emit,
    checkTime: (where) => deadline.check(where),
  };
  return st;
}

async function execBlock(stmts: readonly IrStmt[], scope: Scope, st: RunState): Promise<Completion> {
  for (const s of stmts) {
    const c = await execStmt(s, scope, st);
    if (c.kind !== "normal") return c;
  }
  return NORMAL;
}

async function execStmt(s: IrStmt, scope: Scope, st: RunState): Promise<Completion> {
  try {
    st.checkTime(s.span);
    return await execNode(s, scope, st);
  } catch (e) {
    if (e instanceof RuntimeFailure) throw e;
    const d = toDiagnostic(e, s.span);
    if (d === undefined) throw e;
    throw new RuntimeFailure(d);
  }
}

async function execNode(s: IrStmt, scope: Scope, st: RunState): Promise<Completion> {
  switch (s.kind) {
    case "prompt":
      await execPrompt(s, scope, st);
      return NORMAL;
    case "expr":
      await evaluate(s.expr, scope, st.eval);
      return NORMAL;
    case "assign": {
      const value = await evaluate(s.value, scope, st.eval);
      for (const target of s.targets) await assignTarget(target, value, scope, st.eval);
      return NORMAL;
    }
    case "augassign":
      await augAssign(s.target, s.op, s.value, scope, st.eval);
      return NORMAL;
    case "if":
      for (const branch of s.branches) {
        if (truthy(await evaluate(branch.test, scope, st.eval))) return execBlock(branch.body, scope, st);
      }
      return execBlock(s.orelse, scope, st);
    case "for":
      return execFor(s, scope, st);
    case "while":
      return execWhile(s, scope, st);
    case "break":
    case "continue":
      return { kind: s.kind };
    case "pass":
      return NORMAL;
    case "return":
      return { kind: "return", value: s.value === undefined ? null : await evaluate(s.value, scope, st.eval) };
    case "def":
      scope.set(s.name, await makeFunction(s, scope, st));
      return NORMAL;
    case "assert":
      if (!truthy(await evaluate(s.test, scope, st.eval))) {
        const message = s.message === undefined ? "" : pyStr(await evaluate(s.message, scope, st.eval));
        throw new PyError("AssertionError", message, s.test.span);
      }
      return NORMAL;
    default:
      return unreachable(s);
  }
}

async function execFor(s: IrStmt & { kind: "for" }, scope: Scope, st: RunState): Promise<Completion> {
  const iterable = await evaluate(s.iter, scope, st.eval);
  const guard = loopGuard(st.options.limits.maxIterations, headerSpan(s.span), st.deadline);
  for (const item of located(iterate(iterable), s.iter.span)) {
    guard();
    await assignTarget(s.target, item, scope, st.eval);
    const c = await execBlock(s.body, scope, st);
    if (c.kind === "break") return NORMAL;
    if (c.kind === "return") return c;
  }
  return execBlock(s.orelse, scope, st);
}

async function execWhile(s: IrStmt & { kind: "while" }, scope: Scope, st: RunState): Promise<Completion> {
  const guard = loopGuard(st.options.limits.maxIterations, headerSpan(s.span), st.deadline);
  while (truthy(await evaluate(s.test, scope, st.eval))) {
    guard();
    st.checkTime(s.span);
    const c = await execBlock(s.body, scope, st);
    if (c.kind === "break") return NORMAL;
    if (c.kind === "return") return c;
  }
  return execBlock(s.orelse, scope, st);
}

/** `for x in 5`: the error points at the iterable, not at the whole loop. */
function* located(items: Iterable<Value>, at: Span): Generator<Value> {
  try {
    yield* items;
  } catch (e) {
    throw e instanceof PyError ? e.at(at) : e;
  }
}

/** A loop's error points at its header line, not at the whole body. */
function headerSpan(span: Span): Span {
  return { start: span.start, end: span.start + 1 };
}

/** A `def` becomes a Callable; a provided host function replaces its `...` declaration. */
async function makeFunction(def: DefIr, scope: Scope, st: RunState): Promise<Value> {
  if (def.flavor === "host") return st.options.globals.get(def.name) ?? missingHostFunction(def);
  const body = (local: Scope): Promise<Completion> => execBlock(def.body, local, st);
  const plain = async (local: Scope): Promise<Value> => returnValue(await body(local));
  const fn = await defineFunction({ name: def.name, params: def.params, closure: scope, run: def.flavor === "query" ? (local) => runQueryFunction(local, body, st) : plain }, st.eval);
  if (def.flavor === "query") st.queryFunctions.add(fn);
  st.arity.set(fn, def.params.filter((p) => p.star === undefined).length);
  let decorated: Value = fn;
  // As in Python, the decorator nearest the `def` applies first.
  for (const d of [...def.decorators].reverse()) decorated = await callValue(await evaluate(d, scope, st.eval), { args: [decorated], kwargs: new Map() });
  return decorated;
}

function returnValue(c: Completion): Value {
  return c.kind === "return" ? c.value : null;
}

/**
 * A query function filling a hole (`[X: fn]`, flagged by `splice`) runs on the caller's session:
 * its prompt is spliced into the caller's, and whether it ended with `return` decides whether the
 * caller unwinds it. Called from code (`x = await fn()`), it is a query of its own, as in LMQL: a
 * fresh session, its text not part of the caller's prompt.
 */
async function runQueryFunction(local: Scope, body: (local: Scope) => Promise<Completion>, st: RunState): Promise<Value> {
  if (st.splice || st.options.openSession === undefined) {
    const spliced = st.splice;
    st.splice = false;
    const c = await body(local);
    if (spliced) st.spliceReturned = c.kind === "return";
    return returnValue(c);
  }
  const outer = st.session;
  st.session = await st.options.openSession();
  st.nested++;
  try {
    return returnValue(await body(local));
  } finally {
    st.nested--;
    st.session = outer;
  }
}

/** A declared host function the embedding program did not register (a provided one shadows the def). */
function missingHostFunction(def: DefIr): Callable {
  return {
    kind: "callable",
    name: def.name,
    flavor: "function",
    call: async () => {
      throw fail(RUNTIME_CODES.missingHostFunction, `host function '${def.name}' is declared here but the host did not provide it`, def.nameSpan, `register it from TypeScript: run(query, { hostFunctions: { ${def.name}: (...) => ... } })`);
    },
  };
}

async function execPrompt(p: PromptIr, scope: Scope, st: RunState): Promise<void> {
  for (const seg of p.segments) {
    switch (seg.kind) {
      case "text":
        appendTemplate(seg.text, st);
        break;
      case "interpolation":
        appendTemplate(await interpolate(seg, scope, st), st);
        break;
      case "role": {
        const before = st.session.text;
        st.session.appendRole(seg.role);
        const after = st.session.text;
        st.emit({ type: "role", role: seg.role, text: after.startsWith(before) ? after.slice(before.length) : "" });
        break;
      }
      case "hole":
        await fillHole(seg, scope, st);
        break;
      default:
        unreachable(seg);
    }
  }
}

async function interpolate(seg: SegmentIr & { kind: "interpolation" }, scope: Scope, st: RunState): Promise<string> {
  try {
    const v = await evaluate(seg.expr, scope, st.eval);
    return seg.formatSpec === undefined ? pyStr(v) : formatValue(v, await resolveFormatSpec(seg.formatSpec, scope, st.eval));
  } catch (e) {
    // An error must point inside `{...}`: a location outside the segment is clamped to it.
    if (e instanceof PyError && (!e.located || e.span.start < seg.span.start || e.span.end > seg.span.end)) {
      throw new PyError(e.pyType, e.pyMessage, { start: seg.span.start + 1, end: Math.max(seg.span.start + 1, seg.span.end - 1) }, e.hint);
    }
    throw e;
  }
}

function appendTemplate(text: string, st: RunState): void {
  if (text === "") return;
  st.session.appendText(text);
  st.emit({ type: "text", text, generated: false });
}
