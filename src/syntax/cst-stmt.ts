/** CST → AST for statements. Query-level clauses found on the way are handed to a collector. */
import type { CstNode, IToken } from "chevrotain";
import { joinSpans, span, type Span } from "../diagnostics/diagnostic.js";
import type { DistributionClause, Expr, Stmt, UnsupportedConstruct } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { expression, starExprList, targetList } from "./cst-expr.js";
import { nodeSpan, sub, subs, tok, toks, tokSpan } from "./cst-util.js";
import { functionDef, unsupportedDecorated } from "./cst-def.js";
import { syntaxErrors } from "./errors.js";
import { promptSegments, bodyOf } from "./strings.js";
import { checkTarget } from "./targets.js";

/** Where a statement sits: clauses and `distribution` are only allowed at the query's top level. */
export interface StmtScope {
  readonly topLevel: boolean;
  /** Receives `from`/`where`/`distribution` clause lines and prompt-attached distributions. */
  readonly clauses: ClauseSink;
}

export interface ClauseSink {
  model(expr: Expr, at: Span, keyword: Span): void;
  where(expr: Expr, at: Span, keyword: Span): void;
  distribution(d: DistributionClause, promptIndex: number | undefined): void;
  /** Counts top-level prompts so a `distribution` can be checked to follow the last one. */
  prompt(): number;
}

export function statements(ctx: ConvertContext, nodes: readonly CstNode[], scope: StmtScope): Stmt[] {
  return nodes.flatMap((n) => statement(ctx, n, scope));
}

/** Items of a block or the top level: statements and stray INDENTs (reported here). */
export function blockItems(ctx: ConvertContext, items: readonly CstNode[], scope: StmtScope): Stmt[] {
  const out: Stmt[] = [];
  for (const item of items) {
    const indent = tok(item, "Indent");
    if (indent !== undefined) ctx.diagnostics.push(syntaxErrors.unexpectedIndent(indent.startOffset, indent.startOffset + Math.max(1, indent.image.length)));
    const s = sub(item, "statement");
    if (s !== undefined) out.push(...statement(ctx, s, scope));
  }
  return out;
}

export function block(ctx: ConvertContext, n: CstNode | undefined, scope: StmtScope): Stmt[] {
  if (n === undefined) return [];
  const line = sub(n, "simpleLine");
  if (line !== undefined) return simpleLine(ctx, line, scope);
  return blockItems(ctx, subs(n, "blockItem"), scope);
}

function statement(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt[] {
  let key: string | undefined;
  for (key in n.children) break;
  const child = key === undefined ? undefined : sub(n, key);
  if (key === undefined || child === undefined) return [];
  const inner: StmtScope = { ...scope, topLevel: false };
  switch (key) {
    case "ifStmt": return [ifStmt(ctx, child, inner)];
    case "forStmt": return [forStmt(ctx, child, inner)];
    case "whileStmt": return [whileStmt(ctx, child, inner)];
    case "defStmt": return [functionDef(ctx, child, [], inner)];
    case "decorated": return [decorated(ctx, child, inner)];
    case "classStmt": return [unsupported("class", child, "Class")];
    case "tryStmt": return [unsupported("try", child, "Try")];
    case "withStmt": return [unsupported("with", child, "With")];
    case "matchStmt": return [unsupported("match", child, "Identifier")];
    case "clauseLine": return clauseLine(ctx, child, scope);
    case "simpleLine": return simpleLine(ctx, child, scope);
    default: return [];
  }
}

function unsupported(construct: UnsupportedConstruct, n: CstNode, keyword: string): Stmt {
  const k = tok(n, keyword);
  const at = nodeSpan(n);
  return { kind: "unsupported", construct, keywordSpan: k ? tokSpan(k) : at, span: at };
}

function decorated(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt {
  const decorators = subs(n, "expression").map((e) => expression(ctx, e));
  const def = sub(n, "defStmt");
  if (def !== undefined) return functionDef(ctx, def, decorators, scope, nodeSpan(n));
  return unsupportedDecorated(n);
}

function ifStmt(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt {
  const tests = subs(n, "expression");
  const blocks = subs(n, "block");
  const branches = tests.map((t, i) => {
    const body = block(ctx, blocks[i], scope);
    return { test: expression(ctx, t), body, span: joinSpans(nodeSpan(t), blocks[i] ? nodeSpan(blocks[i]) : nodeSpan(t)) };
  });
  const orelse = elseBody(ctx, n, scope);
  return { kind: "if", branches, ...(orelse ? { orelse } : {}), span: nodeSpan(n) };
}

function elseBody(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt[] | undefined {
  const e = sub(n, "elseBlock");
  return e ? block(ctx, sub(e, "block"), scope) : undefined;
}

function forStmt(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt {
  const targetExpr = targetList(ctx, sub(n, "targetList"), n);
  checkTarget(ctx, targetExpr);
  const orelse = elseBody(ctx, n, scope);
  return {
    kind: "for",
    target: targetExpr,
    iter: starExprList(ctx, sub(n, "starExprList"), n),
    body: block(ctx, sub(n, "block"), scope),
    ...(orelse ? { orelse } : {}),
    span: nodeSpan(n),
  };
}

function whileStmt(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt {
  const orelse = elseBody(ctx, n, scope);
  return { kind: "while", test: expression(ctx, sub(n, "expression")), body: block(ctx, sub(n, "block"), scope), ...(orelse ? { orelse } : {}), span: nodeSpan(n) };
}

function clauseLine(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt[] {
  const from = tok(n, "From");
  const imp = sub(n, "importFrom");
  if (imp !== undefined) {
    const at = joinSpans(from ? tokSpan(from) : nodeSpan(imp), nodeSpan(imp));
    return [{ kind: "unsupported", construct: "import", keywordSpan: from ? tokSpan(from) : at, span: at }];
  }
  const where = sub(n, "whereClause");
  const dist = sub(n, "distributionClause");
  const at = lineSpan(n);
  const name = from ? "from" : where ? "where" : "distribution";
  if (!scope.topLevel) {
    ctx.diagnostics.push(syntaxErrors.misplacedClause(at.start, at.end, name));
    return [];
  }
  if (from !== undefined) scope.clauses.model(expression(ctx, sub(n, "expression")), at, tokSpan(from));
  else if (where !== undefined) scope.clauses.where(expression(ctx, sub(where, "expression")), at, span(at.start, at.start + "where".length));
  else if (dist !== undefined) scope.clauses.distribution(distribution(ctx, dist), undefined);
  return [];
}

/** The clause without its line end. */
function lineSpan(n: CstNode): Span {
  const all = nodeSpan(n);
  const end = sub(n, "clauseEnd");
  const nl = end ? tok(end, "Newline") : undefined;
  return nl ? span(all.start, Math.max(all.start, nl.startOffset)) : all;
}

export function distribution(ctx: ConvertContext, n: CstNode): DistributionClause {
  const v = tok(n, "Identifier");
  const at = nodeSpan(n);
  return { variable: v?.image ?? "", variableSpan: v ? tokSpan(v) : at, options: expression(ctx, sub(n, "expression")), span: at };
}

function simpleLine(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt[] {
  return subs(n, "simpleStmt").flatMap((s) => simpleStmt(ctx, s, scope));
}

const KEYWORD_CONSTRUCTS: readonly [string, UnsupportedConstruct][] = [
  ["Import", "import"], ["Global", "global"], ["Nonlocal", "nonlocal"], ["Del", "del"], ["Raise", "raise"], ["Yield", "yield"],
];

function simpleStmt(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt[] {
  const at = nodeSpan(n);
  let key: string | undefined;
  for (key in n.children) break;
  const child = sub(n, key ?? "");
  switch (key) {
    case "Pass": return [{ kind: "pass", span: at }];
    case "Break": return [{ kind: "break", span: at }];
    case "Continue": return [{ kind: "continue", span: at }];
    case "returnStmt": {
      const v = sub(child!, "starExprList");
      return [{ kind: "return", ...(v ? { value: starExprList(ctx, v) } : {}), span: at }];
    }
    case "assertStmt": {
      const [test, message] = subs(child!, "expression").map((e) => expression(ctx, e));
      return [{ kind: "assert", test: test ?? { kind: "error", span: at }, ...(message ? { message } : {}), span: at }];
    }
    case "keywordStmt": {
      const found = KEYWORD_CONSTRUCTS.find(([k]) => tok(child!, k) !== undefined);
      const kw = found ? tok(child!, found[0]) : undefined;
      return [{ kind: "unsupported", construct: found?.[1] ?? "import", keywordSpan: kw ? tokSpan(kw) : at, span: at }];
    }
    case "promptStmt": return [promptStmt(ctx, child!, scope)];
    case "exprStmt": return exprStmt(ctx, child!);
    default: return [];
  }
}

function promptStmt(ctx: ConvertContext, n: CstNode, scope: StmtScope): Stmt {
  const strings: IToken[] = toks(n, "StringLiteral");
  const first = strings[0];
  const shape = first ? bodyOf(first) : undefined;
  const whereNode = sub(n, "whereClause");
  const distNode = sub(n, "distributionClause");
  if (scope.topLevel) {
    const index = scope.clauses.prompt();
    if (distNode !== undefined) scope.clauses.distribution(distribution(ctx, distNode), index);
  } else if (distNode !== undefined) {
    const d = nodeSpan(distNode);
    ctx.diagnostics.push(syntaxErrors.misplacedDistribution(d.start, d.end));
  }
  const where = whereNode ? expression(ctx, sub(whereNode, "expression")) : undefined;
  const segmentsEnd = strings.length ? strings[strings.length - 1]! : undefined;
  const at = whereNode ? joinSpans(nodeSpan(n), nodeSpan(whereNode)) : segmentsEnd && first ? joinSpans(tokSpan(first), tokSpan(segmentsEnd)) : nodeSpan(n);
  return {
    kind: "prompt",
    segments: promptSegments(ctx, strings),
    quote: { prefix: shape?.prefix ?? "", delimiter: shape?.delimiter ?? '"' },
    ...(where ? { where } : {}),
    span: at,
  };
}

function exprStmt(ctx: ConvertContext, n: CstNode): Stmt[] {
  const at = nodeSpan(n);
  const lists = subs(n, "starExprList");
  const where = sub(n, "whereClause");
  if (where !== undefined) {
    const w = nodeSpan(where);
    ctx.diagnostics.push(syntaxErrors.whereWithoutPrompt(w.start, w.start + 5));
  }
  const first = starExprList(ctx, lists[0], n);
  const aug = tok(n, "AugAssign");
  if (aug !== undefined) {
    checkTarget(ctx, first);
    return [{ kind: "augassign", target: first, op: aug.image as never, value: starExprList(ctx, lists[1], n), span: at }];
  }
  if (n.children["Colon"] !== undefined) {
    checkTarget(ctx, first);
    const value = lists[1] ? starExprList(ctx, lists[1]) : undefined;
    return [{ kind: "annassign", target: first, annotation: expression(ctx, sub(n, "expression")), ...(value ? { value } : {}), span: at }];
  }
  if (lists.length > 1) {
    const exprs = [first, ...lists.slice(1).map((l) => starExprList(ctx, l))];
    const targets = exprs.slice(0, -1);
    for (const t of targets) checkTarget(ctx, t);
    return [{ kind: "assign", targets, value: exprs[exprs.length - 1]!, span: at }];
  }
  return [{ kind: "expr", expr: first, span: at }];
}

