/**
 * Lowering: checked AST → IR. Statements keep their shape; prompts become segments; each hole gets
 * one constraint template combining its type, its prompt's inline `where` and the global `where`,
 * keeping only the terms that name the hole (a term restricts only the holes it names). What the
 * checker decided (function kinds, hole types, accepted `import lmql`) is taken from its result,
 * never decided again here.
 */
import { error, unreachable, type Diagnostic, type PhaseResult, type Span } from "../diagnostics/diagnostic.js";
import type { CheckedQuery, FunctionKind, HoleInfo } from "../check/checked-query.js";
import type { Expr, FunctionDef, HoleSegment, PromptSegment, PromptStmt, Stmt, UnsupportedStmt } from "../syntax/ast.js";
import { conjuncts, hasOpaque, lowerConstraint, TRUE_TEMPLATE, type ConstraintTemplate } from "./constraint-template.js";
import type { DefFlavor, HoleIr, HoleValueIr, IrStmt, Program, SegmentIr } from "./ir.js";
import { namesIn } from "./names.js";

interface LowerContext {
  readonly holes: ReadonlySet<string>;
  readonly globalTerms: readonly Expr[];
  readonly holeInfo: ReadonlyMap<HoleSegment, HoleInfo>;
  readonly functionKind: ReadonlyMap<FunctionDef, FunctionKind>;
  /** Docstrings of host and Python functions: dropped, they are no prompts. */
  readonly docstrings: ReadonlySet<Stmt>;
  readonly libraryImports: ReadonlySet<UnsupportedStmt>;
  readonly diagnostics: Diagnostic[];
}

/** Lowers a checked query. Only a query the checker passed without errors is meant to be run. */
export function lower(checked: CheckedQuery): PhaseResult<Program> {
  const query = checked.query;
  const holeNames = [...new Set(checked.holes.map((h) => h.name))];
  const cx: LowerContext = {
    holes: new Set(holeNames),
    globalTerms: query.where === undefined ? [] : conjuncts(query.where),
    holeInfo: new Map(checked.holes.map((h) => [h.segment, h])),
    functionKind: new Map(checked.functions.map((f) => [f.def, f.kind])),
    docstrings: new Set(checked.functions.flatMap((f) => (f.docstring === undefined ? [] : [f.docstring]))),
    libraryImports: checked.libraryImports,
    diagnostics: [],
  };
  const body = lowerBlock(query.body, cx);
  const decoder = query.decoder ?? { name: "argmax", args: [], span: { start: query.span.start, end: query.span.start } };
  const program: Program = {
    kind: "program",
    body,
    decoder: { name: decoder.name, args: decoder.args, span: decoder.span },
    ...(query.model === undefined ? {} : { model: { expr: query.model.expr, span: query.model.span } }),
    ...(query.distribution === undefined ? {} : { distribution: { variable: query.distribution.variable, options: query.distribution.options, span: query.distribution.span } }),
    holeNames,
    span: query.span,
  };
  return { value: program, diagnostics: cx.diagnostics };
}

function lowerBlock(stmts: readonly Stmt[], cx: LowerContext): IrStmt[] {
  const out: IrStmt[] = [];
  for (const s of stmts) {
    if (cx.docstrings.has(s)) continue;
    const lowered = lowerStmt(s, cx);
    if (lowered !== undefined) out.push(lowered);
  }
  return out;
}

function lowerStmt(s: Stmt, cx: LowerContext): IrStmt | undefined {
  switch (s.kind) {
    case "prompt":
      return { kind: "prompt", segments: s.segments.map((seg) => lowerSegment(seg, s, cx)), span: s.span };
    case "expr":
    case "assign":
    case "augassign":
    case "break":
    case "continue":
    case "pass":
    case "return":
    case "assert":
      return s;
    case "annassign":
      return s.value === undefined ? { kind: "pass", span: s.span } : { kind: "assign", targets: [s.target], value: s.value, span: s.span };
    case "if":
      return { kind: "if", branches: s.branches.map((b) => ({ test: b.test, body: lowerBlock(b.body, cx), span: b.span })), orelse: lowerBlock(s.orelse ?? [], cx), span: s.span };
    case "for":
      return { kind: "for", target: s.target, iter: s.iter, body: lowerBlock(s.body, cx), orelse: lowerBlock(s.orelse ?? [], cx), span: s.span };
    case "while":
      return { kind: "while", test: s.test, body: lowerBlock(s.body, cx), orelse: lowerBlock(s.orelse ?? [], cx), span: s.span };
    case "def":
      return { kind: "def", name: s.name, nameSpan: s.nameSpan, params: s.params, body: lowerBlock(s.body, cx), flavor: defFlavor(s, cx), decorators: s.decorators, span: s.span };
    case "unsupported":
      if (cx.libraryImports.has(s)) return undefined;
      cx.diagnostics.push(error("E399", `not supported in lmql-ts: '${s.construct}'`, s.keywordSpan, "register host functions from TypeScript instead"));
      return undefined;
    default:
      return unreachable(s);
  }
}

function defFlavor(def: FunctionDef, cx: LowerContext): DefFlavor {
  const kind = cx.functionKind.get(def);
  if (kind === undefined) throw new Error(`internal: function '${def.name}' was not classified by the checker`);
  return kind;
}

function lowerSegment(seg: PromptSegment, prompt: PromptStmt, cx: LowerContext): SegmentIr {
  switch (seg.kind) {
    case "text":
    case "role":
      return seg;
    case "interpolation":
      return seg.formatSpec === undefined ? { kind: "interpolation", expr: seg.expr, span: seg.span } : { kind: "interpolation", expr: seg.expr, formatSpec: seg.formatSpec, span: seg.span };
    case "hole":
      return lowerHole(seg, prompt, cx);
    default:
      return unreachable(seg);
  }
}

function lowerHole(hole: HoleSegment, prompt: PromptStmt, cx: LowerContext): HoleIr {
  const info = cx.holeInfo.get(hole);
  if (info === undefined) throw new Error(`internal: hole '${hole.name}' was not typed by the checker`);
  const value = holeValue(hole, info);
  const inline = prompt.where === undefined ? [] : conjuncts(prompt.where);
  const terms = [...inline, ...cx.globalTerms].filter((t) => namesIn(t).has(hole.name));
  const lowered = terms.map((t) => lowerConstraint(t, hole.name, cx.holes));
  const parts: ConstraintTemplate[] = [...typeTemplate(value), ...lowered];
  const constraint: ConstraintTemplate = parts.length === 0 ? TRUE_TEMPLATE : parts.length === 1 ? parts[0]! : { kind: "and", parts };
  const postChecks = terms.filter((_, i) => hasOpaque(lowered[i]!));
  return { kind: "hole", name: hole.name, nameSpan: hole.nameSpan, value, constraint, postChecks, decorators: hole.decorators, span: hole.span };
}

/** The checker's type of the hole, in IR form (a `[X: fn]` hole becomes the call that fills it). */
function holeValue(hole: HoleSegment, info: HoleInfo): HoleValueIr {
  const t = info.type;
  switch (t.kind) {
    case "str":
    case "invalid":
      return { kind: "str" };
    case "int":
    case "float":
      return { kind: t.kind };
    case "regex":
      return { kind: "regex", pattern: t.pattern, span: hole.type?.kind === "regex" ? hole.type.patternSpan : hole.span };
    case "query": {
      if (t.call !== undefined) return { kind: "call", callee: t.call.callee, args: t.call.args, span: hole.type?.span ?? hole.span };
      const at = hole.type?.span ?? hole.span;
      return { kind: "call", callee: dottedCallee(t.function, at), args: [], span: at };
    }
    default:
      return unreachable(t);
  }
}

/** `fn` or `self.fn` (LMQL's `[X: self.chain_of_thought]`) as the expression that finds the function. */
function dottedCallee(path: string, span: Span): Expr {
  const [root, ...rest] = path.split(".");
  let e: Expr = { kind: "name", name: root!, span: { start: span.start, end: span.start + root!.length } };
  for (const n of rest) e = { kind: "attribute", object: e, name: n, nameSpan: span, span };
  return e;
}

function typeTemplate(value: HoleValueIr): ConstraintTemplate[] {
  switch (value.kind) {
    case "str":
    case "call":
      return [];
    case "int":
    case "float":
      return [{ kind: value.kind }];
    case "regex":
      return [{ kind: "regex", pattern: { kind: "string", value: value.pattern, raw: true, span: value.span }, span: value.span }];
    default:
      return unreachable(value);
  }
}
