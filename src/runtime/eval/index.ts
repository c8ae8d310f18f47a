/**
 * The expression evaluator: Python values and semantics for lmql-ts queries.
 *
 * Overview for the interpreter:
 * - Values (`value.ts`): None = `null`, bool = `boolean`, int = integral `number` (a `bigint` past
 *   2**53: ints are unbounded as in Python, up to MAX_INT_BITS), float = `PyFloat`
 *   (a non-integral plain number counts as a float too), str = `string`, list = JS array, plus
 *   `PyTuple`, `PyDict`, `PySet`, `PyRange`, `PyDictView`, `Callable`, `HostObject`. `kindOf(v)` gives the Python
 *   type for exhaustive switches.
 * - Scopes: `const globals = new Scope(createBuiltins(ctx))`; a function call runs in
 *   `definingScope.child()` (assignment binds locally, reads walk outwards).
 * - `evaluate(expr, scope, ctx)` → `Promise<Value>`; `assignTarget(target, value, scope, ctx)` for
 *   `=`/`for` targets; `augAssign(target, op, valueExpr, scope, ctx)` for `+=`.
 * - User functions: `defineFunction({ name, params, closure: scope, run: (local) => ... }, ctx)`
 *   gives the Callable for a `def` (defaults evaluated once, arguments bound with Python's rules in
 *   a child scope, RecursionError past 1000 levels). `bindArguments` is there for other shapes.
 * - Host functions: `hostFunction(name, fn)` (JS values in and out) or `nativeFunction(name, impl)`
 *   (runtime values); `fromJs`/`toJs` convert at the border.
 * - Failures are `PyError` (`pyType`, `pyMessage`, `span` of the failing expression, `hint`);
 *   `pyErrorDiagnostic(e)` makes the runtime Diagnostic (codes E701–E714, one per Python error type).
 *   Other exceptions are bugs or the interpreter's own control flow.
 * - Text: `pyStr` (str()), `pyRepr` (repr()), `formatValue(v, spec)` (f-string / prompt `{x:.2f}`);
 *   a spec with fields of its own (`{x:>{w}}`) goes through `resolveFormatSpec(spec, scope, ctx)` first.
 * - Limits: sequences past MAX_SEQUENCE_LENGTH items raise MemoryError; calls deeper than
 *   MAX_CALL_DEPTH raise RecursionError; `ctx.tick` is called per comprehension step and call.
 *
 * Tested against CPython 3.11 (test/eval/fixtures: thousands of random expressions and format
 * specs). Known, deliberate differences from Python:
 * - ints hold at most MAX_INT_BITS (100,000) bits; an int literal past 2**53 in the source arrives
 *   from the parser as the nearest double (the AST stores numbers as JS numbers);
 * - no complex numbers: `(-8) ** (1/3)` raises ValueError;
 * - sets iterate in insertion order (CPython: hash order);
 * - generator expressions are evaluated eagerly (into a list), except directly inside any()/all(),
 *   which stop at the deciding element as in Python; map/filter/zip/enumerate/reversed return lists;
 * - `is` compares by value for None, bools, ints and strs (CPython's answer there is an accident);
 * - float `**` is computed to ~100 bits and rounded once, so in rare near-ties its last digit
 *   differs from (less exact) libm.
 */
export { type Value, type ValueKind, type Callable, PyFloat, PyTuple, PyDict, PySet, PyRange, PyDictView, HostObject, kindOf, typeName, truthy, isCallable, isNumeric, isIntLike, isFloat, toNumber, toBigInt, normInt, MAX_INT_BITS, float, int, tuple, hashKey } from "./value.js";
export { PyError, LimitError, pyErrorDiagnostic, closestName, PY_ERROR_CODES, type PyErrorType } from "./errors.js";
export { Scope } from "./scope.js";
export { evaluate, engineLimitError, evalArguments, callValue, evaluateDefaults, withCallDepth, MAX_CALL_DEPTH, ELLIPSIS, type EvalContext, type CallArguments } from "./evaluate.js";
export { assignTarget, augAssign } from "./assign.js";
export { defineFunction, type FunctionDefinition } from "./function.js";
export { pyStr, pyRepr, asciiRepr } from "./repr.js";
export { formatValue } from "./format-spec.js";
export { resolveFormatSpec } from "./nested-spec.js";
export { pyEquals, compareValues, contains, lessThan, asSet, MAX_NESTING } from "./compare.js";
export { binaryOp, unaryOp, augmentedOp } from "./operators.js";
export { iterate, toArray, getItem, getSlice, setItem, MAX_SEQUENCE_LENGTH } from "./sequence.js";
export { getAttribute } from "./attributes.js";
export { bindArguments, nativeFunction, checkArity, type NativeImpl } from "./call.js";
export { fromJs, toJs, hostFunction } from "./host.js";
export { createBuiltins, BUILTIN_NAMES } from "./builtins.js";
export { typeOf, isInstance, parseFloatText, INT, FLOAT, STR, BOOL, LIST, TUPLE, SET, DICT, RANGE, TYPE, type TypeObject } from "./builtin-types.js";
export { percentFormat } from "./percent-format.js";
export { strFormat } from "./str-format.js";
