/** CST → AST for expressions. Operator precedence is applied here (see operators.ts). */
import type { CstNode, IToken } from "chevrotain";
import { joinSpans, span, type Span } from "../diagnostics/diagnostic.js";
import type { Argument, ComprehensionClause, Expr, Param } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { nodeSpan, sub, subs, tok, toks, tokSpan } from "./cst-util.js";
import { syntaxErrors } from "./errors.js";
import { buildOperators, type OperatorItem } from "./operators.js";
import { codeString } from "./strings.js";

function errorExpr(at: Span): Expr {
  return { kind: "error", span: at };
}

export function expression(ctx: ConvertContext, n: CstNode | undefined): Expr {
  if (n === undefined) return errorExpr(span(0, 0));
  const lambda = sub(n, "lambdef");
  if (lambda !== undefined) return lambdef(ctx, lambda);
  const test = orTest(ctx, sub(n, "orTest"), n);
  const cond = sub(n, "orTest", 1);
  if (cond === undefined) return test;
  const otherwise = expression(ctx, sub(n, "expression"));
  return { kind: "conditional", test: orTest(ctx, cond, n), then: test, otherwise, span: joinSpans(test.span, otherwise.span) };
}

/** `a, b` as a tuple; a single item without a trailing comma as itself. */
export function starExprList(ctx: ConvertContext, n: CstNode | undefined, fallback?: CstNode): Expr {
  if (n === undefined) return errorExpr(fallback ? nodeSpan(fallback) : span(0, 0));
  const items = subs(n, "starOrExpr").map((e) => starOrExpr(ctx, e));
  if (items.length === 1 && toks(n, "Comma").length === 0) return items[0]!;
  return { kind: "tuple", elements: items, span: nodeSpan(n) };
}

export function starOrExpr(ctx: ConvertContext, n: CstNode): Expr {
  const star = tok(n, "Star");
  if (star === undefined) return expression(ctx, sub(n, "expression"));
  const inner = orTest(ctx, sub(n, "orTest"), n);
  return { kind: "starred", expr: inner, span: joinSpans(tokSpan(star), inner.span) };
}

function lambdef(ctx: ConvertContext, n: CstNode): Expr {
  const params: Param[] = subs(n, "lambdaParam").map((p) => {
    const name = tok(p, "Identifier");
    const star = tok(p, "Star") ? "*" : tok(p, "DoubleStar") ? "**" : undefined;
    const dflt = sub(p, "expression");
    return {
      name: name?.image ?? "",
      ...(dflt ? { default: expression(ctx, dflt) } : {}),
      ...(star ? { star } : {}),
      span: nodeSpan(p),
    };
  });
  return { kind: "lambda", params, body: expression(ctx, sub(n, "expression")), span: nodeSpan(n) };
}

export function orTest(ctx: ConvertContext, n: CstNode | undefined, parent: CstNode): Expr {
  if (n === undefined) return errorExpr(nodeSpan(parent));
  const operands = subs(n, "operand");
  const ops = subs(n, "binaryOp");
  const only = operands.length === 1 ? operands[0]! : undefined;
  if (only !== undefined && !hasPrefix(only)) return primary(ctx, sub(only, "primary"), only);
  const items: OperatorItem[] = [];
  operands.forEach((o, i) => {
    const prefixes = [...toks(o, "Not"), ...toks(o, "Minus"), ...toks(o, "Plus"), ...toks(o, "Tilde")].sort((a, b) => a.startOffset - b.startOffset);
    for (const p of prefixes) items.push({ kind: "prefix", image: p.image, span: tokSpan(p) });
    items.push({ kind: "operand", expr: primary(ctx, sub(o, "primary"), o) });
    const op = ops[i];
    if (op !== undefined) items.push({ kind: "op", image: opImage(op), span: nodeSpan(op) });
  });
  return buildOperators(items, nodeSpan(n));
}

function hasPrefix(o: CstNode): boolean {
  const c = o.children;
  return c["Not"] !== undefined || c["Minus"] !== undefined || c["Plus"] !== undefined || c["Tilde"] !== undefined;
}

function opImage(n: CstNode): string {
  if (tok(n, "Is")) return tok(n, "Not") ? "is not" : "is";
  if (tok(n, "In")) return "not in";
  return tok(n, "BinaryOperator")?.image ?? "?";
}

export function primary(ctx: ConvertContext, n: CstNode | undefined, parent: CstNode): Expr {
  if (n === undefined) return errorExpr(nodeSpan(parent));
  let e = atom(ctx, n);
  for (const t of subs(n, "trailer")) e = trailer(ctx, e, t);
  const aw = tok(n, "Await");
  return aw ? { kind: "await", expr: e, span: joinSpans(tokSpan(aw), e.span) } : e;
}

function trailer(ctx: ConvertContext, object: Expr, n: CstNode): Expr {
  const whole = joinSpans(object.span, nodeSpan(n));
  if (tok(n, "Dot") !== undefined || n.children["Dot"] !== undefined) {
    const name = tok(n, "Identifier");
    return { kind: "attribute", object, name: name?.image ?? "", nameSpan: name ? tokSpan(name) : nodeSpan(n), span: whole };
  }
  if (n.children["LParen"] !== undefined) {
    const args = sub(n, "arguments");
    return { kind: "call", callee: object, args: args ? argumentList(ctx, args) : [], span: whole };
  }
  return { kind: "index", object, index: subscripts(ctx, sub(n, "subscripts"), n), span: whole };
}

/** The atom at the start of a primary node (the grammar inlines atoms into `primary`). */
function atom(ctx: ConvertContext, n: CstNode): Expr {
  const c = n.children;
  const single = (c["Identifier"] ?? c["NumberLiteral"] ?? c["None"] ?? c["True"] ?? c["False"] ?? c["Ellipsis"])?.[0] as IToken | undefined;
  if (single !== undefined) {
    // A token invented by error recovery has no text to stand for.
    if (Number.isNaN(single.startOffset) || single.isInsertedInRecovery === true) return errorExpr(nodeSpan(n));
    const at = tokSpan(single);
    switch (single.tokenType.name) {
      case "Identifier": return { kind: "name", name: single.image, span: at };
      case "NumberLiteral": return numberLiteral(ctx, single);
      case "None": return { kind: "constant", value: null, span: at };
      case "True": return { kind: "constant", value: true, span: at };
      case "False": return { kind: "constant", value: false, span: at };
      default: return { kind: "ellipsis", span: at };
    }
  }
  const strings = toks(n, "StringLiteral");
  if (strings.length > 0) return codeString(ctx, strings);
  const paren = sub(n, "parenAtom");
  if (paren !== undefined) return display(ctx, paren, "paren");
  const list = sub(n, "listAtom");
  if (list !== undefined) return display(ctx, list, "list");
  const curly = sub(n, "curlyAtom");
  if (curly !== undefined) return display(ctx, curly, "curly");
  return errorExpr(nodeSpan(n));
}

function numberLiteral(ctx: ConvertContext, t: IToken): Expr {
  const at = tokSpan(t);
  const image = t.image.replace(/_/g, "");
  if (/[jJ]$/.test(image)) {
    ctx.diagnostics.push(syntaxErrors.invalidNumber(at.start, at.end, t.image));
    return errorExpr(at);
  }
  const radix = /^0[xX]/.test(image) ? 16 : /^0[oO]/.test(image) ? 8 : /^0[bB]/.test(image) ? 2 : 10;
  if (radix !== 10) return { kind: "number", value: parseInt(image.slice(2), radix), isFloat: false, span: at };
  const isFloat = /[.eE]/.test(image);
  return { kind: "number", value: Number(image), isFloat, span: at };
}

function display(ctx: ConvertContext, n: CstNode, form: "paren" | "list" | "curly"): Expr {
  const at = nodeSpan(n);
  const body = sub(n, "displayBody");
  if (body === undefined) return form === "paren" ? { kind: "tuple", elements: [], span: at } : form === "list" ? { kind: "list", elements: [], span: at } : { kind: "dict", entries: [], span: at };
  const items = subs(body, "displayItem");
  const comp = sub(body, "compFor");
  const isDict = form === "curly" && items.some((i) => i.children["Colon"] !== undefined || i.children["DoubleStar"] !== undefined);
  if (comp !== undefined) return comprehension(ctx, items[0]!, comp, form, isDict, at);
  if (isDict) return dictDisplay(ctx, items, at);
  const elements = items.map((i) => plainItem(ctx, i));
  if (form === "list") return { kind: "list", elements, span: at };
  if (form === "curly") return { kind: "set", elements, span: at };
  if (elements.length === 1 && toks(body, "Comma").length === 0) return elements[0]!;
  return { kind: "tuple", elements, span: at };
}

function plainItem(ctx: ConvertContext, item: CstNode): Expr {
  const soe = sub(item, "starOrExpr");
  const at = nodeSpan(item);
  if (soe === undefined || item.children["Colon"] !== undefined) {
    ctx.diagnostics.push(syntaxErrors.invalidDisplay(at.start, at.end, "'key: value' and '**' belong in a dict display"));
    return errorExpr(at);
  }
  return starOrExpr(ctx, soe);
}

function dictDisplay(ctx: ConvertContext, items: CstNode[], at: Span): Expr {
  const entries = items.flatMap((item) => {
    const s = nodeSpan(item);
    const soe = sub(item, "starOrExpr");
    if (soe === undefined || item.children["Colon"] === undefined) {
      ctx.diagnostics.push(syntaxErrors.invalidDisplay(s.start, s.end, item.children["DoubleStar"] ? "'**' unpacking in a dict display is not supported" : "a dict display needs 'key: value' for every item"));
      return [];
    }
    return [{ key: starOrExpr(ctx, soe), value: expression(ctx, sub(item, "expression")), span: s }];
  });
  return { kind: "dict", entries, span: at };
}

function comprehension(ctx: ConvertContext, item: CstNode, comp: CstNode, form: "paren" | "list" | "curly", isDict: boolean, at: Span): Expr {
  const soe = sub(item, "starOrExpr");
  const element = soe ? starOrExpr(ctx, soe) : errorExpr(nodeSpan(item));
  const clauses = compClauses(ctx, comp);
  const kind = form === "paren" ? "generator" : form === "list" ? "list" : isDict ? "dict" : "set";
  if (kind === "dict") return { kind: "comprehension", form: kind, element, value: expression(ctx, sub(item, "expression")), clauses, span: at };
  return { kind: "comprehension", form: kind, element, clauses, span: at };
}

export function compClauses(ctx: ConvertContext, comp: CstNode): ComprehensionClause[] {
  return subs(comp, "compClause").map((c) => {
    const tests = subs(c, "orTest");
    return {
      target: targetList(ctx, sub(c, "targetList"), c),
      iter: orTest(ctx, tests[0], c),
      conditions: tests.slice(1).map((t) => orTest(ctx, t, c)),
      span: nodeSpan(c),
    };
  });
}

export function targetList(ctx: ConvertContext, n: CstNode | undefined, parent: CstNode): Expr {
  if (n === undefined) return errorExpr(nodeSpan(parent));
  const items = subs(n, "target").map((t) => target(ctx, t));
  if (items.length === 1 && toks(n, "Comma").length === 0) return items[0]!;
  return { kind: "tuple", elements: items, span: nodeSpan(n) };
}

export function target(ctx: ConvertContext, t: CstNode): Expr {
  const p = primary(ctx, sub(t, "primary"), t);
  const star = tok(t, "Star");
  return star ? { kind: "starred", expr: p, span: joinSpans(tokSpan(star), p.span) } : p;
}

export function argumentList(ctx: ConvertContext, n: CstNode): Argument[] {
  const args = subs(n, "argument").map((a) => argument(ctx, a));
  let seenKeyword = false;
  for (const a of args) {
    if (a.kind === "keyword" || a.kind === "doublestar") seenKeyword = true;
    else if (a.kind === "positional" && seenKeyword) ctx.diagnostics.push(syntaxErrors.badArgumentOrder(a.span.start, a.span.end));
  }
  return args;
}

function argument(ctx: ConvertContext, a: CstNode): Argument {
  const at = nodeSpan(a);
  const value = expression(ctx, sub(a, "expression"));
  if (a.children["Star"] !== undefined) return { kind: "star", value, span: at };
  if (a.children["DoubleStar"] !== undefined) return { kind: "doublestar", value, span: at };
  const name = tok(a, "Identifier");
  if (name !== undefined) return { kind: "keyword", name: name.image, nameSpan: tokSpan(name), value, span: at };
  const comp = sub(a, "compFor");
  if (comp !== undefined) return { kind: "positional", value: { kind: "comprehension", form: "generator", element: value, clauses: compClauses(ctx, comp), span: at }, span: at };
  return { kind: "positional", value, span: at };
}

function subscripts(ctx: ConvertContext, n: CstNode | undefined, parent: CstNode): Expr {
  if (n === undefined) return errorExpr(nodeSpan(parent));
  const items = subs(n, "sliceItem").map((s) => sliceItem(ctx, s));
  if (items.length === 1 && toks(n, "Comma").length === 0) return items[0]!;
  return { kind: "tuple", elements: items, span: nodeSpan(n) };
}

function sliceItem(ctx: ConvertContext, n: CstNode): Expr {
  const lowerNode = sub(n, "expression");
  const tail = sub(n, "sliceTail");
  if (tail === undefined) return expression(ctx, lowerNode);
  const upperNode = sub(tail, "upper");
  const stepNode = sub(tail, "step");
  return {
    kind: "slice",
    ...(lowerNode ? { lower: expression(ctx, lowerNode) } : {}),
    ...(upperNode ? { upper: expression(ctx, sub(upperNode, "expression")) } : {}),
    ...(stepNode ? { step: expression(ctx, sub(stepNode, "expression")) } : {}),
    span: nodeSpan(n),
  };
}
