/**
 * Holes: the value type of each `[NAME: type]`, and the rule that one name keeps one type within a
 * scope. A name both assigned in code and used as a hole is fine (LMQL rebinds it); `[X: int]` in
 * one place and `[X]` in another is not.
 */
import { unreachable, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { CallExpr, Expr, HoleSegment, PromptStmt } from "../syntax/ast.js";
import type { FunctionInfo, HoleInfo, HoleValueType } from "./checked-query.js";
import { classHoleType, conflictingHoleTypes, holeTypeNotFunction, holeTypeNotQuery, unknownHoleType } from "./errors.js";
import { BUILTINS, CONSTRAINT_FUNCTIONS, HOLE_TYPE_NAMES, isKnownGlobal, LIBRARY_NAMES } from "./known-names.js";
import { checkRegex } from "./regex.js";
import { lookup, type Frame, type NameUse, type ScopeInfo } from "./scopes.js";
import { closest } from "../diagnostics/suggest.js";
import { holesOf } from "./walk.js";

export interface HolesResult {
  readonly holes: readonly HoleInfo[];
  /** Undefined names used as hole types: inputs the host provides as functions. */
  readonly inputUses: readonly NameUse[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Names provided from outside the file. */
export interface ExternalNames {
  /** Registered host functions. */
  readonly isHostFunction: (name: string) => boolean;
  /** Classes of unsupported `class` statements. */
  readonly isUnsupportedClass: (name: string) => boolean;
}

interface Context extends ExternalNames {
  readonly functions: ReadonlyMap<string, FunctionInfo>;
  readonly diagnostics: Diagnostic[];
  readonly inputUses: NameUse[];
}

const BOUND_AS = { hole: "hole", variable: "variable", param: "parameter", function: "function" } as const;

/** `[X: fn]` or `[X: fn(args)]`: what `fn` is, seen from the prompt's frame. */
function functionType(name: string, at: Span, frame: Frame, ctx: Context, call?: CallExpr): HoleValueType {
  const withCall = (source: "query" | "host" | "input"): HoleValueType =>
    call === undefined ? { kind: "query", function: name, source } : { kind: "query", function: name, source, call };
  const resolved = lookup(frame, name);
  if (resolved === undefined) {
    if (BUILTINS.has(name) || CONSTRAINT_FUNCTIONS.has(name) || LIBRARY_NAMES.has(name)) {
      ctx.diagnostics.push(unknownHoleType(name, at, closest(name, [...HOLE_TYPE_NAMES, ...ctx.functions.keys()])));
      return { kind: "invalid" };
    }
    if (ctx.isUnsupportedClass(name)) {
      ctx.diagnostics.push(classHoleType(name, at));
      return { kind: "invalid" };
    }
    if (ctx.isHostFunction(name)) return withCall("host");
    ctx.inputUses.push({ name, span: at });
    return withCall("input");
  }
  if (resolved.fn === undefined) {
    const kind = [...resolved.kinds][0] ?? "variable";
    ctx.diagnostics.push(holeTypeNotFunction(name, BOUND_AS[kind], at));
    return { kind: "invalid" };
  }
  const info = ctx.functions.get(name);
  if (info?.kind === "python") {
    ctx.diagnostics.push(holeTypeNotQuery(name, at));
    return { kind: "invalid" };
  }
  return withCall(info?.kind === "host" ? "host" : "query");
}

/**
 * `[X: self.chain_of_thought]`, `[X: obj.fn(args)]`: a function reached through an object. Only the
 * root name is checked (a variable, a parameter, or an input); the attribute is found at run time.
 */
function dottedType(path: readonly string[], at: Span, frame: Frame, ctx: Context, call?: CallExpr): HoleValueType {
  const root = path[0]!;
  const known = lookup(frame, root) !== undefined || isKnownGlobal(root) || ctx.isHostFunction(root);
  if (!known) ctx.inputUses.push({ name: root, span: { start: at.start, end: at.start + root.length } });
  const fn = path.join(".");
  const source = known ? "host" : "input";
  return call === undefined ? { kind: "query", function: fn, source } : { kind: "query", function: fn, source, call };
}

/** `a.b.c` as its names, or undefined for any other expression. */
function attributePath(e: Expr): string[] | undefined {
  if (e.kind === "name") return [e.name];
  if (e.kind !== "attribute") return undefined;
  const inner = attributePath(e.object);
  return inner === undefined ? undefined : [...inner, e.name];
}

function holeType(hole: HoleSegment, frame: Frame, ctx: Context): HoleValueType {
  const t = hole.type;
  if (t === undefined) return { kind: "str" };
  switch (t.kind) {
    case "typename":
      if (t.name === "int" || t.name === "str" || t.name === "float") return { kind: t.name };
      if (t.name.includes(".")) return dottedType(t.name.split("."), t.span, frame, ctx);
      return functionType(t.name, t.span, frame, ctx);
    case "regex": {
      const problems = checkRegex(t.pattern, t.patternSpan, t.patternSpan.end - t.patternSpan.start === t.pattern.length);
      ctx.diagnostics.push(...problems);
      return problems.length > 0 ? { kind: "invalid" } : { kind: "regex", pattern: t.pattern };
    }
    case "call": {
      const callee = t.call.callee;
      if (callee.kind === "name") return functionType(callee.name, callee.span, frame, ctx, t.call);
      const path = attributePath(callee);
      if (path === undefined) {
        ctx.diagnostics.push(unknownHoleType("(expression)", callee.span));
        return { kind: "invalid" };
      }
      return dottedType(path, callee.span, frame, ctx, t.call);
    }
    default:
      return unreachable(t);
  }
}

/** The name of a type for the conflict rule: regex and untyped holes are both strings. */
function typeKey(t: HoleValueType): string | undefined {
  switch (t.kind) {
    case "str":
    case "regex":
      return "str";
    case "int":
    case "float":
      return t.kind;
    case "query":
      return t.function;
    case "invalid":
      return undefined;
    default:
      return unreachable(t);
  }
}

export function checkHoles(prompts: ScopeInfo["frameOf"], functions: readonly FunctionInfo[], external: ExternalNames): HolesResult {
  const ctx: Context = { ...external, functions: new Map(functions.map((f) => [f.name, f])), diagnostics: [], inputUses: [] };
  const holes: HoleInfo[] = [];
  const firstType = new Map<Frame, Map<string, string>>();
  const ordered = [...prompts.entries()].sort(([a], [b]) => a.span.start - b.span.start);
  for (const [prompt, frame] of ordered) {
    for (const hole of holesOf(prompt as PromptStmt)) {
      const type = holeType(hole, frame, ctx);
      holes.push({ name: hole.name, span: hole.span, type, scope: frame.owner?.name, segment: hole });
      const key = typeKey(type);
      if (key === undefined) continue;
      const seen = firstType.get(frame) ?? new Map<string, string>();
      firstType.set(frame, seen);
      const before = seen.get(hole.name);
      if (before === undefined) seen.set(hole.name, key);
      else if (before !== key) ctx.diagnostics.push(conflictingHoleTypes(hole.name, before, key, hole.type?.span ?? hole.nameSpan));
    }
  }
  return { holes, inputUses: ctx.inputUses, diagnostics: ctx.diagnostics };
}
