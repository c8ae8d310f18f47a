/**
 * CST → AST for `def` (and `async def`), including LMQL's `@lmql.query` form whose body is a
 * `'''lmql ...'''` docstring: the docstring's code is parsed in place (spans stay file offsets).
 */
import type { CstNode, IToken } from "chevrotain";
import { span, type Span } from "../diagnostics/diagnostic.js";
import type { Argument, Expr, FunctionDef, Param, Query, QueryClauses, Stmt } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { expression } from "./cst-expr.js";
import { nodeSpan, sub, subs, tok, tokSpan } from "./cst-util.js";
import { block, type StmtScope } from "./cst-stmt.js";
import { bodyOf } from "./strings.js";

/** `@lmql.query` or `@lmql.query(...)`: its arguments, or undefined for any other decorator. */
function queryDecorator(e: Expr): readonly Argument[] | undefined {
  const isQuery = (x: Expr): boolean => x.kind === "attribute" && x.name === "query" && x.object.kind === "name" && x.object.name === "lmql";
  if (isQuery(e)) return [];
  if (e.kind === "call" && isQuery(e.callee)) return e.args;
  return undefined;
}

export function functionDef(ctx: ConvertContext, n: CstNode, decorators: readonly Expr[], scope: StmtScope, whole?: Span): FunctionDef {
  const name = tok(n, "Identifier");
  const paramsNode = sub(n, "params");
  const params = paramsNode ? subs(paramsNode, "param").flatMap((p) => param(ctx, p)) : [];
  let queryOptions: readonly Argument[] | undefined;
  const others: Expr[] = [];
  for (const d of decorators) {
    const q = queryDecorator(d);
    if (q !== undefined) queryOptions = q;
    else others.push(d);
  }
  const bodyNode = sub(n, "block");
  const docstring = bodyNode ? lmqlDocstring(ctx, bodyNode) : undefined;
  const body = docstring?.body ?? dropDocstring(block(ctx, bodyNode, { ...scope, topLevel: false }));
  const clauses = docstring ? queryClauses(docstring) : undefined;
  return {
    kind: "def",
    name: name?.image ?? "",
    nameSpan: name ? tokSpan(name) : nodeSpan(n),
    params,
    body,
    isAsync: tok(n, "Async") !== undefined,
    decorators: others,
    lmqlDocstring: docstring !== undefined,
    ...(queryOptions !== undefined ? { queryOptions } : {}),
    ...(clauses !== undefined ? { clauses } : {}),
    span: whole ?? nodeSpan(n),
  };
}

function param(ctx: ConvertContext, p: CstNode): Param[] {
  const name = tok(p, "Identifier");
  const star = tok(p, "Star") ? "*" : tok(p, "DoubleStar") ? "**" : undefined;
  // A bare `*` or `/` only separates parameter kinds; it binds nothing.
  if (name === undefined) return [];
  const hasAnnotation = p.children["Colon"] !== undefined;
  const exprs = subs(p, "expression");
  const annotation = hasAnnotation ? exprs[0] : undefined;
  const dflt = hasAnnotation ? exprs[1] : exprs[0];
  return [{
    name: name.image,
    ...(annotation ? { annotation: expression(ctx, annotation) } : {}),
    ...(dflt ? { default: expression(ctx, dflt) } : {}),
    ...(star ? { star } : {}),
    span: nodeSpan(p),
  }];
}

/** The docstring query's clauses, or undefined when it has none. */
function queryClauses(q: Query): QueryClauses | undefined {
  const { decoder, model, where, distribution } = q;
  if (!decoder && !model && !where && !distribution) return undefined;
  return { ...(decoder ? { decoder } : {}), ...(model ? { model } : {}), ...(where ? { where } : {}), ...(distribution ? { distribution } : {}) };
}

/** A body that is one string starting `lmql` on its first line: its code, parsed where it stands. */
function lmqlDocstring(ctx: ConvertContext, body: CstNode): Query | undefined {
  const items = subs(body, "blockItem");
  const line = items.length === 1 ? sub(sub(items[0]!, "statement") ?? items[0]!, "simpleLine") : sub(body, "simpleLine");
  const simple = line ? subs(line, "simpleStmt") : [];
  const prompt = simple.length === 1 ? sub(simple[0]!, "promptStmt") : undefined;
  const strings = prompt ? prompt.children["StringLiteral"] ?? [] : [];
  if (prompt === undefined || strings.length !== 1 || prompt.children["whereClause"] || prompt.children["distributionClause"]) return undefined;
  const shape = bodyOf(strings[0] as IToken);
  const { text } = ctx;
  const head = /^lmql[ \t]*\r?\n/.exec(text.slice(shape.bodyStart, shape.bodyEnd));
  if (head === null || shape.delimiter.length !== 3) return undefined;
  const start = shape.bodyStart + head[0].length;
  return ctx.queryAt(start, shape.bodyEnd, firstIndent(text.slice(start, shape.bodyEnd)));
}

/** The indentation of the first line of code: the query's column zero. */
export function firstIndent(code: string): string {
  for (const line of code.split(/\r?\n/)) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    return /^[ \t]*/.exec(line)![0];
  }
  return "";
}

/** A triple-quoted string without holes first in a function body documents it; it is not a prompt. */
function dropDocstring(body: Stmt[]): Stmt[] {
  const first = body[0];
  if (first?.kind !== "prompt" || first.where !== undefined || first.quote.delimiter.length !== 3) return body;
  if (first.segments.some((s) => s.kind !== "text")) return body;
  return body.slice(1);
}

export function unsupportedDecorated(n: CstNode): Stmt {
  const cls = sub(n, "classStmt");
  const at = nodeSpan(n);
  const kw = cls ? tok(cls, "Class") : undefined;
  return { kind: "unsupported", construct: "class", keywordSpan: kw ? tokSpan(kw) : span(at.start, at.start + 1), span: at };
}

