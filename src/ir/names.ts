/** The names an expression reads (a conservative over-approximation: bound lambda/comprehension names count too). */
import { unreachable } from "../diagnostics/diagnostic.js";
import type { Expr } from "../syntax/ast.js";

export function namesIn(e: Expr): Set<string> {
  const out = new Set<string>();
  collect(e, out);
  return out;
}

function collectAll(es: readonly (Expr | undefined)[], out: Set<string>): void {
  for (const e of es) if (e !== undefined) collect(e, out);
}

function collect(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case "name":
      out.add(e.name);
      return;
    case "number":
    case "string":
    case "constant":
    case "ellipsis":
    case "error":
      return;
    case "fstring":
      for (const p of e.parts) if (p.kind === "interpolation") collect(p.expr, out);
      return;
    case "list":
    case "tuple":
    case "set":
      return collectAll(e.elements, out);
    case "dict":
      for (const entry of e.entries) collectAll([entry.key, entry.value], out);
      return;
    case "comprehension":
      collectAll([e.element, e.value], out);
      for (const c of e.clauses) collectAll([c.target, c.iter, ...c.conditions], out);
      return;
    case "attribute":
      return collect(e.object, out);
    case "call":
      collect(e.callee, out);
      return collectAll(e.args.map((a) => a.value), out);
    case "index":
      return collectAll([e.object, e.index], out);
    case "slice":
      return collectAll([e.lower, e.upper, e.step], out);
    case "unary":
      return collect(e.operand, out);
    case "binary":
    case "logical":
      return collectAll([e.left, e.right], out);
    case "compare":
      return collectAll([e.first, ...e.rest.map((r) => r.right)], out);
    case "conditional":
      return collectAll([e.test, e.then, e.otherwise], out);
    case "await":
    case "starred":
      return collect(e.expr, out);
    case "lambda":
      collectAll(e.params.map((p) => p.default), out);
      return collect(e.body, out);
    default:
      return unreachable(e);
  }
}
