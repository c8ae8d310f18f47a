/**
 * Expression evaluation. `evaluate` is async because a call may run a nested query or await a
 * host function. Errors are PyErrors located at the innermost expression they escape.
 */
import type { Argument, CallExpr, CompareExpr, DictExpr, Expr, FStringPart, IndexExpr, LambdaExpr, Param } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { getAttribute } from "./attributes.js";
import { bindArguments } from "./call.js";
import { compareValues } from "./compare.js";
import { closestName, PyError } from "./errors.js";
import { formatValue } from "./format-spec.js";
import { fromJs } from "./host.js";
import { resolveFormatSpec } from "./nested-spec.js";
import { binaryOp, unaryOp } from "./operators.js";
import { asciiRepr, pyRepr, pyStr } from "./repr.js";
import type { Scope } from "./scope.js";
import { evalComprehension, lazyShortCircuit, shortCircuit } from "./comprehension.js";
import { getItem, getSlice, pushAll, toArray } from "./sequence.js";
import { HostObject, PyDict, PySet, PyTuple, float, int, isCallable, truthy, typeName, type Callable, type Value } from "./value.js";

/** Hooks from the embedding runtime. */
export interface EvalContext {
  /** Receives what `print()` writes, `end` included (a newline unless `end=` says otherwise). */
  print(text: string): void;
  /** Backs `input(prompt)`; without it `input()` raises a RuntimeError. */
  input?: (prompt: string) => string | Promise<string>;
  /**
   * Called with the number of steps taken: once per comprehension iteration and per call, and
   * with an iterable's size by builtins that walk one (`sum`, `sorted`, ...). Evaluation runs on
   * microtasks, so timers cannot interrupt it: throw from here to enforce timeouts or step limits.
   */
  tick?: (steps?: number) => void;
}

/** Python's default recursion limit: deeper calls raise RecursionError instead of growing the heap forever. */
export const MAX_CALL_DEPTH = 1000;

const depths = new WeakMap<EvalContext, number>();

/**
 * Runs `body` one call level deeper in this run. Lambdas use it, and the interpreter should wrap
 * user `def` calls in it too: async recursion never overflows the JS stack, it only eats memory.
 */
export async function withCallDepth<T>(ctx: EvalContext, body: () => Promise<T>): Promise<T> {
  const depth = depths.get(ctx) ?? 0;
  if (depth >= MAX_CALL_DEPTH) throw new PyError("RecursionError", "maximum recursion depth exceeded");
  depths.set(ctx, depth + 1);
  try {
    return await body();
  } finally {
    // Decrement rather than restore: calls of concurrent branches (beam search) interleave.
    depths.set(ctx, (depths.get(ctx) ?? 1) - 1);
  }
}

/** What `...` evaluates to. */
export const ELLIPSIS = new HostObject("Ellipsis");

export async function evaluate(expr: Expr, scope: Scope, ctx: EvalContext): Promise<Value> {
  try {
    return await evalNode(expr, scope, ctx);
  } catch (e) {
    const py = e instanceof PyError ? e : engineLimitError(e);
    if (py !== undefined && !py.located) throw py.at(expr.span);
    throw py ?? e;
  }
}

/**
 * V8's own limits reached by query code (a string or array too long, the JS stack exhausted by
 * deeply nested values) as the Python errors they are; anything else stays a bug.
 */
export function engineLimitError(e: unknown): PyError | undefined {
  if (!(e instanceof RangeError)) return undefined;
  if (/call stack/i.test(e.message)) return new PyError("RecursionError", "maximum recursion depth exceeded");
  if (/invalid (string|array|typed array) length|allocation failed|array buffer allocation/i.test(e.message)) return new PyError("MemoryError", "a value grew past what memory allows");
  return undefined;
}

async function evalNode(e: Expr, scope: Scope, ctx: EvalContext): Promise<Value> {
  switch (e.kind) {
    case "name":
      return lookupName(e.name, scope);
    case "number":
      // A literal past 2**53 arrives as the nearest double; keep the int invariant (bigint there).
      return e.isFloat ? float(e.value) : int(e.value);
    case "string":
      return e.value;
    case "constant":
      return e.value;
    case "ellipsis":
      return ELLIPSIS;
    case "fstring":
      return evalFString(e.parts, scope, ctx);
    case "list":
      return evalElements(e.elements, scope, ctx);
    case "tuple":
      return new PyTuple(await evalElements(e.elements, scope, ctx));
    case "set":
      return new PySet(await evalElements(e.elements, scope, ctx));
    case "dict":
      return evalDict(e, scope, ctx);
    case "comprehension":
      return evalComprehension(e, scope, ctx);
    case "attribute":
      return getAttribute(await evaluate(e.object, scope, ctx), e.name);
    case "call":
      return evalCall(e, scope, ctx);
    case "index":
      return evalIndex(e, scope, ctx);
    case "slice":
      throw new PyError("SyntaxError", "a slice is only valid inside brackets");
    case "unary":
      return unaryOp(e.op, await evaluate(e.operand, scope, ctx));
    case "binary":
      return binaryOp(e.op, await evaluate(e.left, scope, ctx), await evaluate(e.right, scope, ctx));
    case "logical": {
      // `and`/`or` return one of their operands, not a bool.
      const left = await evaluate(e.left, scope, ctx);
      return truthy(left) === (e.op === "or") ? left : evaluate(e.right, scope, ctx);
    }
    case "compare":
      return evalCompare(e, scope, ctx);
    case "conditional":
      return truthy(await evaluate(e.test, scope, ctx)) ? evaluate(e.then, scope, ctx) : evaluate(e.otherwise, scope, ctx);
    case "await": {
      const v = await evaluate(e.expr, scope, ctx);
      return v instanceof HostObject && isThenable(v.value) ? fromJs(await v.value) : v;
    }
    case "lambda":
      return makeLambda(e, scope, ctx);
    case "starred":
      throw new PyError("SyntaxError", "can't use starred expression here");
    case "error":
      throw new PyError("SyntaxError", "invalid syntax");
    default:
      return unreachable(e);
  }
}

function lookupName(name: string, scope: Scope): Value {
  const v = scope.get(name);
  if (v === undefined) throw nameError(name, scope);
  return v;
}

async function evalDict(e: DictExpr, scope: Scope, ctx: EvalContext): Promise<PyDict> {
  const d = new PyDict();
  for (const entry of e.entries) d.set(await evaluate(entry.key, scope, ctx), await evaluate(entry.value, scope, ctx));
  return d;
}

async function evalCall(e: CallExpr, scope: Scope, ctx: EvalContext): Promise<Value> {
  const callee = await evaluate(e.callee, scope, ctx);
  const lazy = lazyShortCircuit(callee, e.args);
  if (lazy !== undefined) return shortCircuit(lazy.gen, lazy.want, scope, ctx);
  return callValue(callee, await evalArguments(e.args, scope, ctx));
}

async function evalIndex(e: IndexExpr, scope: Scope, ctx: EvalContext): Promise<Value> {
  const obj = await evaluate(e.object, scope, ctx);
  if (e.index.kind !== "slice") return getItem(obj, await evaluate(e.index, scope, ctx));
  const opt = (x: Expr | undefined) => (x === undefined ? Promise.resolve(undefined) : evaluate(x, scope, ctx));
  return getSlice(obj, { lower: await opt(e.index.lower), upper: await opt(e.index.upper), step: await opt(e.index.step) });
}

/** A chain `a < b < c`: each operand evaluated once, stopping at the first false link. */
async function evalCompare(e: CompareExpr, scope: Scope, ctx: EvalContext): Promise<boolean> {
  let left = await evaluate(e.first, scope, ctx);
  for (const link of e.rest) {
    const right = await evaluate(link.right, scope, ctx);
    if (!compareValues(link.op, left, right)) return false;
    left = right;
  }
  return true;
}

function nameError(name: string, scope: Scope): PyError {
  const near = closestName(name, scope.visibleNames());
  const hint = near !== undefined ? `did you mean '${near}'?` : "a name the query reads but never assigns is an input: pass it with --arg or run({ args })";
  return new PyError("NameError", `name '${name}' is not defined`, undefined, hint);
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/** Display elements; `*xs` spreads. */
async function evalElements(elements: readonly Expr[], scope: Scope, ctx: EvalContext): Promise<Value[]> {
  const out: Value[] = [];
  for (const el of elements) {
    if (el.kind === "starred") {
      const spread = await evaluate(el.expr, scope, ctx);
      try {
        pushAll(out, toArray(spread));
      } catch (err) {
        throw err instanceof PyError && !err.located ? err.at(el.span) : err;
      }
    } else {
      out.push(await evaluate(el, scope, ctx));
    }
  }
  return out;
}

async function evalFString(parts: readonly FStringPart[], scope: Scope, ctx: EvalContext): Promise<string> {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") {
      out += part.text;
      continue;
    }
    const v = await evaluate(part.expr, scope, ctx);
    const converted = part.conversion === undefined ? v : part.conversion === "r" ? pyRepr(v) : part.conversion === "a" ? asciiRepr(v) : pyStr(v);
    try {
      out += formatValue(converted, await resolveFormatSpec(part.formatSpec ?? "", scope, ctx));
    } catch (err) {
      throw err instanceof PyError && !err.located ? err.at(part.span) : err;
    }
  }
  return out;
}

export interface CallArguments {
  readonly args: Value[];
  readonly kwargs: Map<string, Value>;
}

/** Evaluates call arguments left to right, spreading `*xs` and `**d`. */
export async function evalArguments(args: readonly Argument[], scope: Scope, ctx: EvalContext): Promise<CallArguments> {
  const out: CallArguments = { args: [], kwargs: new Map() };
  for (const a of args) {
    const v = await evaluate(a.value, scope, ctx);
    switch (a.kind) {
      case "positional":
        out.args.push(v);
        break;
      case "keyword":
        addKeyword(out.kwargs, a.name, v);
        break;
      case "star":
        pushAll(out.args, toArray(v));
        break;
      case "doublestar":
        if (!(v instanceof PyDict)) throw new PyError("TypeError", `argument after ** must be a mapping, not ${typeName(v)}`).at(a.span);
        for (const [k, x] of v.entries()) {
          if (typeof k !== "string") throw new PyError("TypeError", "keywords must be strings").at(a.span);
          addKeyword(out.kwargs, k, x);
        }
        break;
      default:
        unreachable(a);
    }
  }
  return out;
}

function addKeyword(kwargs: Map<string, Value>, name: string, v: Value): void {
  if (kwargs.has(name)) throw new PyError("TypeError", `got multiple values for keyword argument '${name}'`);
  kwargs.set(name, v);
}

/** Calls a value as a function (TypeError if it is not callable). */
export async function callValue(callee: Value, { args, kwargs }: CallArguments): Promise<Value> {
  if (!isCallable(callee)) throw new PyError("TypeError", `'${typeName(callee)}' object is not callable`);
  return callee.call(args, kwargs);
}

/** Evaluates parameter defaults once, at definition time, as Python does. */
export async function evaluateDefaults(params: readonly Param[], scope: Scope, ctx: EvalContext): Promise<Map<string, Value>> {
  const defaults = new Map<string, Value>();
  for (const p of params) if (p.default !== undefined) defaults.set(p.name, await evaluate(p.default, scope, ctx));
  return defaults;
}

async function makeLambda(e: LambdaExpr, scope: Scope, ctx: EvalContext): Promise<Callable> {
  const defaults = await evaluateDefaults(e.params, scope, ctx);
  return {
    kind: "callable",
    name: "<lambda>",
    flavor: "function",
    async call(args, kwargs) {
      const local = scope.child();
      for (const [name, v] of bindArguments("<lambda>", e.params, defaults, args, kwargs)) local.set(name, v);
      ctx.tick?.();
      return withCallDepth(ctx, () => evaluate(e.body, local, ctx));
    },
  };
}
