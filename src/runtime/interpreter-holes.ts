/**
 * Filling a hole: find its value (decode it, call `[X: fn]`, score the distribution options, or
 * take a pre-decorator's fixed value), post-process it, and settle the prompt: as in LMQL, the
 * prompt holds each value's post-processed text (STOPS_BEFORE's phrase cut, `str(value)` of a
 * typed hole, a decorator's prompt value, a returning nested query's `str(result)`), not the
 * text as generated.
 */
import type { CompiledConstraint } from "../constraints/engine.js";
import type { ConstraintSpec } from "../constraints/spec.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type { HoleIr } from "../ir/ir.js";
import type { Expr } from "../syntax/ast.js";
import { namesIn } from "../ir/names.js";
import type { HoleResult, OptionScore } from "./decode/types.js";
import { DecodeError } from "./decode/decode-error.js";
import { ConstraintError } from "../constraints/errors.js";
import { constraintScope } from "./constraint-functions.js";
import { callValue, evalArguments, evaluate, float, isCallable, iterate, normInt, pyRepr, pyStr, toJs, truthy, typeName, type Scope, type Value } from "./eval/index.js";
import { instantiate } from "./instantiate-constraint.js";
import { evaluateDecorators, postDecorate, preDecorate, streamDecorators, type Filled } from "./interpreter-decorators.js";
import type { RunState } from "./interpreter-state.js";
import { fail, RUNTIME_CODES, RuntimeFailure } from "./runtime-error.js";

type Decoded = { readonly text: string; readonly spec: ConstraintSpec };

export async function fillHole(hole: HoleIr, scope: Scope, st: RunState): Promise<void> {
  st.checkTime(hole.span);
  st.emit({ type: "hole-start", variable: hole.name });
  const mark = st.session.text.length;
  const decorators = await evaluateDecorators(hole, scope, st);
  let decoded: Decoded | undefined;
  let filled = await preDecorate(decorators, hole.name, st);
  if (filled === undefined) ({ filled, decoded } = await produce(hole, decorators, scope, st));
  // Decorators see the prompt before this value (LMQL's `context.prompt` there); then it is settled.
  const removed = st.session.text.slice(mark);
  st.session.rewind(mark);
  const { value, prompt } = await postDecorate(decorators, filled, st);
  settlePrompt(mark, removed, prompt, st, hole.name);
  scope.set(hole.name, value);
  st.decided.add(hole.name);
  if (st.nested === 0 && st.spliced === 0) st.variables.set(hole.name, value);
  st.emit({ type: "hole-end", variable: hole.name, value: toJs(value), ...decoded });
}

async function produce(hole: HoleIr, decorators: readonly Value[], scope: Scope, st: RunState): Promise<{ filled: Filled; decoded?: Decoded }> {
  if (hole.value.kind === "call") return { filled: await callHole(hole, hole.value, scope, st) };
  if (st.program.distribution?.variable === hole.name && st.nested === 0 && st.spliced === 0) {
    const option = await distributionHole(hole, scope, st);
    return { filled: { value: option, prompt: option } };
  }
  return decodeHole(hole, decorators, scope, st);
}

/**
 * Puts the value's prompt text at `mark`, where `removed` was while the hole was filled (the
 * generated text, a nested query's prompt). A change to text already streamed is reported as a
 * `rewrite` event, so a consumer that mirrors the prompt stays exact.
 */
function settlePrompt(mark: number, removed: string, text: string, st: RunState, variable: string): void {
  st.session.appendText(text);
  if (removed === text) return;
  if (removed === "") st.emit({ type: "text", text, generated: true, variable });
  else st.emit({ type: "rewrite", at: mark, removed, text, variable });
}

async function decodeHole(hole: HoleIr, decorators: readonly Value[], scope: Scope, st: RunState): Promise<{ filled: Filled; decoded: Decoded }> {
  const checks = constraintScope(scope, st.options.tokenize ?? wordPieces);
  const spec = await instantiate(hole.constraint, { scope: checks, eval: st.eval, isDecided: (n) => st.decided.has(n) || n === hole.name });
  const constraint = compile(spec, st, hole.span);
  const remaining = st.options.limits.maxTokens - st.tokens;
  if (remaining <= 0) throw fail(RUNTIME_CODES.queryTokens, `the query used up its budget of ${st.options.limits.maxTokens} tokens before hole '${hole.name}'`, hole.span, "raise it with --max-tokens or run({ maxTokens })");
  const perHole = Math.min(st.options.constraints.maxTokens(spec) ?? st.options.limits.maxTokensPerHole, st.options.limits.maxTokensPerHole);
  const maxTokens = Math.min(perHole, remaining);
  const result = await generate(hole, constraint, maxTokens, decorators, st);
  st.tokens += result.tokens.length;
  if (result.finish === "length" && !constraint.valueComplete(result.value).ok) {
    const budget = maxTokens < perHole ? "the query's token budget" : `its limit of ${maxTokens} tokens`;
    const code = maxTokens < perHole ? RUNTIME_CODES.queryTokens : RUNTIME_CODES.holeTokens;
    throw fail(code, `hole '${hole.name}' reached ${budget} before its constraint was satisfied (value so far: ${shortRepr(result.value)})`, hole.span, "raise the limit (--max-tokens, run({ maxTokensPerHole })) or add a STOPS_AT / length constraint");
  }
  const value = cast(hole, result.value);
  await postCheck(hole, value, checks, st);
  // A string value is its own prompt text (STOPS_BEFORE's phrase already cut); a number is str(value).
  const prompt = typeof value === "string" ? value : pyStr(value);
  return { filled: { value, prompt }, decoded: { text: result.value, spec } };
}

async function generate(hole: HoleIr, constraint: CompiledConstraint, maxTokens: number, decorators: readonly Value[], st: RunState): Promise<HoleResult> {
  const stream = streamDecorators(decorators, st);
  let result: HoleResult;
  try {
    result = await st.session.generate({ name: hole.name, constraint, maxTokens }, (text) => {
      st.emit({ type: "text", text, generated: true, variable: hole.name });
      stream?.push(text);
    });
  } catch (e) {
    throw decodeFailure(e, hole.span);
  }
  await stream?.done();
  return result;
}

/** The session's own errors (all tokens masked, context exceeded) located at the hole. */
function decodeFailure(e: unknown, at: Span): unknown {
  if (e instanceof DecodeError) return new RuntimeFailure(e.toDiagnostic(at));
  return e;
}

function compile(spec: ConstraintSpec, st: RunState, at: Span): CompiledConstraint {
  const key = JSON.stringify(spec);
  let c = st.compiled.get(key);
  if (c === undefined) {
    try {
      c = st.options.constraints.compile(spec);
    } catch (e) {
      if (e instanceof ConstraintError) throw fail(RUNTIME_CODES.constraintArgument, `the constraint of this hole cannot be compiled: ${e.message}`, at);
      throw e;
    }
    st.compiled.set(key, c);
  }
  return c;
}

function cast(hole: HoleIr, text: string): Value {
  switch (hole.value.kind) {
    case "int": {
      const digits = /^\s*(-?[0-9]+)\s*$/.exec(text);
      if (digits === null) throw fail(RUNTIME_CODES.cast, `hole '${hole.name}' is typed int but the model produced ${shortRepr(text)}`, hole.span);
      // A Python int has no size limit; the hole's token limit bounds the digits.
      return normInt(BigInt(digits[1]!));
    }
    case "float": {
      const n = Number.parseFloat(text);
      if (!Number.isFinite(n)) throw fail(RUNTIME_CODES.cast, `hole '${hole.name}' is typed float but the model produced ${shortRepr(text)}`, hole.span);
      return float(n);
    }
    default:
      return text;
  }
}

/** Terms no mask could express are evaluated on the finished value (other holes must be decided). */
async function postCheck(hole: HoleIr, value: Value, checks: Scope, st: RunState): Promise<void> {
  if (hole.postChecks.length === 0) return;
  const scope = checks.child();
  scope.set(hole.name, value);
  for (const term of hole.postChecks) {
    const pending = [...namesIn(term)].some((n) => n !== hole.name && st.program.holeNames.includes(n) && !st.decided.has(n));
    if (pending) continue;
    if (!truthy(await evaluate(term, scope, st.eval))) {
      const quoted = st.options.sourceText === undefined ? "its constraint" : `'${st.options.sourceText.slice(term.span.start, term.span.end)}'`;
      throw fail(RUNTIME_CODES.constraintViolated, `${hole.name} = ${shortRepr(value)} violates ${quoted}`, term.span, "this part of the constraint cannot be enforced while decoding, only checked afterwards");
    }
  }
}

/**
 * `[X: fn]`: the function fills the hole. A query function runs on this same session, so what it
 * prompts and generates is in the prompt while it runs (its holes see it); then, as in LMQL, the
 * stack unwinds: with a `return`, its text is replaced by `str(result)` and X is the result; without
 * one its text stays (macro expansion) and X is that text. Its holes are not the caller's variables.
 * A host function adds nothing itself: X is its result and the prompt gets `str(result)`.
 */
async function callHole(hole: HoleIr, call: HoleIr["value"] & { kind: "call" }, scope: Scope, st: RunState): Promise<Filled> {
  const fn = await evaluate(call.callee, scope, st.eval);
  if (!isCallable(fn)) throw fail(RUNTIME_CODES.badValue, `'[${hole.name}: ...]' needs a function, but '${pyStr(calleeText(call.callee))}' is ${typeName(fn)}`, call.span);
  const args = await evalArguments(call.args, scope, st.eval);
  const mark = st.session.text.length;
  if (!st.queryFunctions.has(fn)) {
    const returned = await callValue(fn, args);
    // A host function that returns None leaves the hole empty.
    return returned === null ? { value: "", prompt: "" } : { value: returned, prompt: pyStr(returned) };
  }
  st.splice = true;
  st.spliced++;
  let returned: Value;
  try {
    returned = await callValue(fn, args);
  } finally {
    st.splice = false;
    st.spliced--;
  }
  const didReturn = st.spliceReturned;
  st.spliceReturned = false;
  if (didReturn) return { value: returned, prompt: pyStr(returned) };
  const added = st.session.text.slice(mark);
  return { value: added, prompt: added };
}

/** `fn` or `obj.fn`, for messages. */
function calleeText(e: Expr): string {
  if (e.kind === "name") return e.name;
  if (e.kind === "attribute") return `${calleeText(e.object)}.${e.name}`;
  return "it";
}

/**
 * `distribution VAR in [...]`: each option is scored as a continuation of the prompt (mean token
 * log-probability, softmaxed over the options); VAR is the most likely one and the prompt gets it.
 */
async function distributionHole(hole: HoleIr, scope: Scope, st: RunState): Promise<string> {
  const clause = st.program.distribution!;
  const options = await distributionOptions(clause.options, scope, st, clause.span);
  let scores: readonly OptionScore[];
  try {
    scores = await st.session.scoreOptions(options);
  } catch (e) {
    throw decodeFailure(e, clause.span);
  }
  let best = scores[0]!;
  for (const s of scores) if (s.probability > best.probability) best = s;
  st.distribution = { variable: hole.name, scores };
  st.emit({ type: "distribution", variable: hole.name, scores });
  return best.option;
}

async function distributionOptions(e: HoleIr["decorators"][number], scope: Scope, st: RunState, at: Span): Promise<string[]> {
  const v = await evaluate(e, scope, st.eval);
  const items = [...iterate(v)];
  if (items.length === 0 || items.some((x) => typeof x !== "string")) {
    throw fail(RUNTIME_CODES.badValue, `'distribution' needs a non-empty list of strings, got ${shortRepr(v)}`, at);
  }
  return items as string[];
}

/** TOKENS() without a tokenizer: whitespace-separated pieces (only for evaluated terms). */
function wordPieces(text: string): readonly string[] {
  return text.match(/\s*\S+/gu) ?? [];
}

/** For messages: `repr` of a value, cut to a readable length. */
export function shortRepr(v: Value): string {
  const r = pyRepr(v);
  return r.length > 80 ? `${r.slice(0, 77)}...` : r;
}
