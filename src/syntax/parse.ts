/**
 * The front end's entry points: `parse(source)` → Query and `parseExpression(text)` → Expr, each with
 * every lexing and parsing problem as a Diagnostic. Never throws for any input.
 */
import { span, type Diagnostic, type PhaseResult, type Source } from "../diagnostics/diagnostic.js";
import type { Expr, HoleSegment, HoleType, Query } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { primary, starExprList } from "./cst-expr.js";
import { QueryBuilder } from "./cst-query.js";
import { subs, tok, tokSpan } from "./cst-util.js";
import { syntaxCodes, syntaxErrors } from "./errors.js";
import { lex, topLevelChunks } from "./lexer.js";
import { translateParseErrors } from "./parse-errors.js";
import { runParser } from "./parser.js";

/** Deeper nesting of strings inside `{...}` than this is reported instead of parsed. */
const MAX_EMBEDDING = 16;

export function parse(source: Source): PhaseResult<Query> {
  const { text } = source;
  const diagnostics: Diagnostic[] = [];
  const whole = span(0, text.length);
  const value = guarded(diagnostics, whole, (): Query => {
    // LMQL removes the common indentation of the whole query first (a query in an indented template).
    const base = commonIndent(text);
    return parseQuery(context(text, diagnostics, 0, base), 0, text.length, base);
  }, (): Query => ({ kind: "query", body: [], span: whole }));
  return { value, diagnostics: sorted(withoutEchoes(text, diagnostics)) };
}

/**
 * `text[start, end)` as a query, one top-level statement at a time. Until the decoder line is found a
 * statement may be it: what comes before is LMQL's prologue of plain Python.
 */
function parseQuery(ctx: ConvertContext, start: number, end: number, baseIndent: string): Query {
  const { text, diagnostics } = ctx;
  const lexed = lex(text, { start, end, mode: "file", baseIndent });
  diagnostics.push(...lexed.diagnostics);
  const builder = new QueryBuilder(ctx, span(start, end));
  for (const chunk of topLevelChunks(lexed.tokens)) {
    const first = chunk[0]?.startOffset ?? start;
    const last = chunk[chunk.length - 1];
    const at = span(first, last ? last.startOffset + last.image.length : first);
    // A statement too deep to parse is lost alone; the statements around it still parse.
    guarded(diagnostics, at, () => {
      const raw = runParser(chunk, builder.hasDecoder ? "statements" : "query");
      const errors = translateParseErrors(raw.errors, text, end);
      const before = diagnostics.length;
      builder.add(raw.cst);
      if (errors.length > 0) dropCascades(diagnostics, before);
      diagnostics.push(...errors);
    }, () => undefined);
  }
  return builder.finish();
}

/** The indentation every non-blank line shares, as LMQL's compiler measures it (string lines count). */
export function commonIndent(text: string): string {
  let common: string | undefined;
  for (const line of text.split(/\r\n?|\n/)) {
    if (line.trim() === "") continue;
    const indent = /^[ \t\f]*/.exec(line)![0];
    if (common === undefined || indent.length < common.length) common = indent;
    if (common === "") return "";
  }
  return common ?? "";
}

export function parseExpression(text: string): PhaseResult<Expr> {
  const diagnostics: Diagnostic[] = [];
  const whole = span(0, text.length);
  const value = guarded(diagnostics, whole, () => context(text, diagnostics, 0, "").expressionAt(0, text.length), (): Expr => ({ kind: "error", span: whole }));
  return { value, diagnostics: sorted(diagnostics) };
}

/** Checks of a statement's shape only repeat a syntax error in the same statement. */
const CASCADE_CODES: ReadonlySet<string> = new Set(["E130", "E131", "E132", "E133", "E134", "E135", "E137"].map(String));

function dropCascades(diagnostics: Diagnostic[], from: number): void {
  const kept = diagnostics.slice(from).filter((d) => !CASCADE_CODES.has(d.code));
  diagnostics.length = from;
  diagnostics.push(...kept);
}

/**
 * A stray character the lexer dropped often leaves a line the parser cannot read either; the parse
 * error later on the same line only repeats the cause.
 */
function withoutEchoes(text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const stray = diagnostics.filter((d) => d.code === syntaxCodes.unexpectedCharacters || d.code === syntaxCodes.nestedSameQuote);
  if (stray.length === 0) return diagnostics;
  const echoes = (d: Diagnostic): boolean =>
    d.code.startsWith("E11") && stray.some((s) => s.span.start <= d.span.start && !/[\r\n]/.test(text.slice(s.span.start, d.span.start)));
  return diagnostics.filter((d) => !echoes(d));
}

/** The last line of defence: an engine stack overflow on pathological input becomes a diagnostic. */
function guarded<T>(diagnostics: Diagnostic[], whole: { start: number; end: number }, run: () => T, empty: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    diagnostics.push(syntaxErrors.tooComplex(whole.start, Math.min(whole.end, whole.start + 1)));
    return empty();
  }
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function context(text: string, diagnostics: Diagnostic[], depth: number, stringIndent: string): ConvertContext {
  const ctx: ConvertContext = {
    text,
    diagnostics,
    depth,
    stringIndent,
    expressionAt: (start, end) => expressionAt(ctx, start, end),
    holeAt: (start, end, at) => holeAt(ctx, start, end, at),
    queryAt: (start, end, baseIndent) => parseQuery(context(text, diagnostics, depth + 1, baseIndent), start, end, baseIndent),
  };
  return ctx;
}

const SIMPLE_NAME = /^(\s*)([A-Za-z_][A-Za-z_0-9]*)\s*$/;
const SIMPLE_HOLE = /^(\s*)([A-Za-z_][A-Za-z_0-9]*)\s*(?::(\s*)([A-Za-z_][A-Za-z_0-9]*)\s*)?$/;
const KEYWORDS = new Set(
  "and as assert async await break class continue def del distribution elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try where while with yield".split(" "),
);

function expressionAt(ctx: ConvertContext, start: number, end: number): Expr {
  const at = span(start, end);
  // Most interpolations are a bare name: skip the lexer and parser for them.
  const simple = SIMPLE_NAME.exec(ctx.text.slice(start, end));
  if (simple !== null && !KEYWORDS.has(simple[2]!)) {
    const from = start + simple[1]!.length;
    return { kind: "name", name: simple[2]!, span: span(from, from + simple[2]!.length) };
  }
  if (ctx.depth >= MAX_EMBEDDING) {
    ctx.diagnostics.push(syntaxErrors.nestingTooDeep(start, end, MAX_EMBEDDING));
    return { kind: "error", span: at };
  }
  const lexed = lex(ctx.text, { start, end, mode: "expression" });
  ctx.diagnostics.push(...lexed.diagnostics);
  if (lexed.tokens.length === 0) {
    ctx.diagnostics.push(syntaxErrors.unexpectedToken(start, end, "nothing", "an expression"));
    return { kind: "error", span: at };
  }
  const raw = runParser(lexed.tokens, "expressionInput");
  ctx.diagnostics.push(...translateParseErrors(raw.errors, ctx.text, end));
  return starExprList(context(ctx.text, ctx.diagnostics, ctx.depth + 1, ""), subs(raw.cst, "starExprList")[0], raw.cst);
}

function holeAt(ctx: ConvertContext, start: number, end: number, at: { start: number; end: number }): HoleSegment | undefined {
  const simple = SIMPLE_HOLE.exec(ctx.text.slice(start, end));
  if (simple !== null && !KEYWORDS.has(simple[2]!) && !KEYWORDS.has(simple[4] ?? "")) return simpleHole(simple, start, at);
  const lexed = lex(ctx.text, { start, end, mode: "expression" });
  if (lexed.diagnostics.length > 0 || lexed.tokens.length === 0) return undefined;
  const raw = runParser(lexed.tokens, "holeContent");
  const name = tok(raw.cst, "Identifier");
  if (raw.errors.length > 0 || name === undefined) return undefined;
  const inner = context(ctx.text, ctx.diagnostics, ctx.depth + 1, "");
  const primaries = subs(raw.cst, "primary").map((p) => primary(inner, p, raw.cst));
  const decorators = primaries.filter((p) => p.span.start < name.startOffset);
  const typeExpr = primaries.find((p) => p.span.start > name.startOffset);
  const type = typeExpr ? holeType(typeExpr) : undefined;
  if (typeExpr !== undefined && type === undefined) return undefined;
  return { kind: "hole", name: name.image, nameSpan: tokSpan(name), ...(type ? { type } : {}), decorators, span: span(at.start, at.end) };
}

/** `[NAME]` or `[NAME: type]` without the lexer and parser. */
function simpleHole(m: RegExpExecArray, start: number, at: { start: number; end: number }): HoleSegment {
  const nameStart = start + m[1]!.length;
  const name = m[2]!;
  const hole = { kind: "hole" as const, name, nameSpan: span(nameStart, nameStart + name.length), decorators: [], span: span(at.start, at.end) };
  if (m[4] === undefined) return hole;
  const typeStart = start + m[0].indexOf(":") + 1 + m[3]!.length;
  return { ...hole, type: { kind: "typename", name: m[4], span: span(typeStart, typeStart + m[4].length) } };
}

function holeType(e: Expr): HoleType | undefined {
  switch (e.kind) {
    case "name":
      return { kind: "typename", name: e.name, span: e.span };
    case "string":
      return { kind: "regex", pattern: e.value, patternSpan: e.span, span: e.span };
    case "attribute": {
      // `[X: self.chain_of_thought]`: a query function reached through an object.
      const path = dottedPath(e);
      return path === undefined ? undefined : { kind: "typename", name: path, span: e.span };
    }
    case "call":
      return dottedPath(e.callee) !== undefined ? { kind: "call", call: e, span: e.span } : undefined;
    default:
      return undefined;
  }
}

/** `a` or `a.b.c` as text; undefined for any other expression. */
function dottedPath(e: Expr): string | undefined {
  if (e.kind === "name") return e.name;
  if (e.kind !== "attribute") return undefined;
  const inner = dottedPath(e.object);
  return inner === undefined ? undefined : `${inner}.${e.name}`;
}

