/**
 * Filling a hole: instantiate its constraint, compile it (cached per spec), let the session decode
 * it, then cast, post-check, decorate and bind. Also the two special holes: `[X: fn]` (a function
 * call fills it) and the distribution variable (options scored instead of generated).
 */
import type { CompiledConstraint } from "../constraints/engine.js";
import type { ConstraintSpec } from "../constraints/spec.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type { HoleIr } from "../ir/ir.js";
import { namesIn } from "../ir/names.js";
import type { HoleResult, OptionScore } from "./decode/types.js";
import { DecodeError } from "./decode/decode-error.js";
import { ConstraintError } from "../constraints/errors.js";
import { constraintScope } from "./constraint-functions.js";
import { callValue, evalArguments, evaluate, float, isCallable, iterate, pyRepr, pyStr, toJs, truthy, typeName, type Scope, type Value } from "./eval/index.js";
import { instantiate } from "./instantiate-constraint.js";
import type { RunState } from "./interpreter-state.js";
import { fail, RUNTIME_CODES, RuntimeFailure } from "./runtime-error.js";

export async function fillHole(hole: HoleIr, scope: Scope, st: RunState): Promise<void> {
  st.checkTime(hole.span);
  st.emit({ type: "hole-start", variable: hole.name });
  let value: Value;
  let decoded: { readonly text: string; readonly spec: ConstraintSpec } | undefined;
  if (hole.value.kind === "call") value = await callHole(hole, hole.value, scope, st);
  else if (st.program.distribution?.variable === hole.name && st.nested === 0) value = await distributionHole(hole, scope, st);
  else ({ value, decoded } = await decodeHole(hole, scope, st));
  for (const d of [...hole.decorators].reverse()) {
    const fn = await evaluate(d, scope, st.eval);
    value = await callValue(fn, { args: [value], kwargs: new Map() });
  }
  scope.set(hole.name, value);
  st.decided.add(hole.name);
  if (st.nested === 0) st.variables.set(hole.name, value);
  st.emit({ type: "hole-end", variable: hole.name, value: toJs(value), ...decoded });
}

async function decodeHole(hole: HoleIr, scope: Scope, st: RunState): Promise<{ value: Value; decoded: { text: string; spec: ConstraintSpec } }> {
  const checks = constraintScope(scope, st.options.tokenize ?? wordPieces);
  const spec = await instantiate(hole.constraint, { scope: checks, eval: st.eval, isDecided: (n) => st.decided.has(n) || n === hole.name });
  const constraint = compile(spec, st, hole.span);
  const remaining = st.options.limits.maxTokens - st.tokens;
  if (remaining <= 0) throw fail(RUNTIME_CODES.queryTokens, `the query used up its budget of ${st.options.limits.maxTokens} tokens before hole '${hole.name}'`, hole.span, "raise it with --max-tokens or run({ maxTokens })");
  const perHole = Math.min(st.options.constraints.maxTokens(spec) ?? st.options.limits.maxTokensPerHole, st.options.limits.maxTokensPerHole);
  const maxTokens = Math.min(perHole, remaining);
  const result = await generate(hole, constraint, maxTokens, st);
  st.tokens += result.tokens.length;
  if (result.finish === "length" && !constraint.valueComplete(result.value).ok) {
    const budget = maxTokens < perHole ? "the query's token budget" : `its limit of ${maxTokens} tokens`;
    const code = maxTokens < perHole ? RUNTIME_CODES.queryTokens : RUNTIME_CODES.holeTokens;
    throw fail(code, `hole '${hole.name}' reached ${budget} before its constraint was satisfied (value so far: ${shortRepr(result.value)})`, hole.span, "raise the limit (--max-tokens, run({ maxTokensPerHole })) or add a STOPS_AT / length constraint");
  }
  const value = cast(hole, result.value);
  await postCheck(hole, value, checks, st);
  return { value, decoded: { text: result.value, spec } };
}

async function generate(hole: HoleIr, constraint: CompiledConstraint, maxTokens: number, st: RunState): Promise<HoleResult> {
  try {
    return await st.session.generate({ name: hole.name, constraint, maxTokens }, (text) => st.emit({ type: "text", text, generated: true, variable: hole.name }));
  } catch (e) {
    throw decodeFailure(e, hole.span);
  }
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
      if (!/^\s*-?[0-9]+\s*$/.test(text)) throw fail(RUNTIME_CODES.cast, `hole '${hole.name}' is typed int but the model produced ${shortRepr(text)}`, hole.span);
      const n = Number.parseInt(text, 10);
      if (!Number.isSafeInteger(n)) throw fail(RUNTIME_CODES.cast, `hole '${hole.name}': ${text.trim()} is too large for an int`, hole.span);
      return n;
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
 * generates stays in the prompt and X is its return value. LMQL instead "unwinds the stack": a
 * nested query that returns has its text removed from the caller's prompt afterwards. We keep it
 * because a PromptSession only appends (the KV cache stays valid and the prompt shows the work);
 * without a `return` X is the text the call added, as in LMQL's macro expansion. A host function
 * adds nothing itself, so its result's text is appended as the hole's text.
 */
async function callHole(hole: HoleIr, call: HoleIr["value"] & { kind: "call" }, scope: Scope, st: RunState): Promise<Value> {
  const fn = await evaluate(call.callee, scope, st.eval);
  if (!isCallable(fn)) throw fail(RUNTIME_CODES.badValue, `'[${hole.name}: ...]' needs a function, but '${pyStr(call.callee.kind === "name" ? call.callee.name : "it")}' is ${typeName(fn)}`, call.span);
  const args = await evalArguments(call.args, scope, st.eval);
  const before = st.session.text;
  st.splice = st.queryFunctions.has(fn);
  let returned: Value;
  try {
    returned = await callValue(fn, args);
  } finally {
    st.splice = false;
  }
  const added = st.session.text.startsWith(before) ? st.session.text.slice(before.length) : "";
  if (added === "" && returned !== null) {
    const text = pyStr(returned);
    st.session.appendText(text);
    st.emit({ type: "text", text, generated: true, variable: hole.name });
  }
  return returned === null ? added : returned;
}

/**
 * `distribution VAR in [...]`: each option is scored as a continuation of the prompt (mean token
 * log-probability, softmaxed over the options); VAR is the most likely one and the prompt gets it.
 */
async function distributionHole(hole: HoleIr, scope: Scope, st: RunState): Promise<Value> {
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
  st.session.appendText(best.option);
  st.emit({ type: "text", text: best.option, generated: true, variable: hole.name });
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
function shortRepr(v: Value): string {
  const r = pyRepr(v);
  return r.length > 80 ? `${r.slice(0, 77)}...` : r;
}
