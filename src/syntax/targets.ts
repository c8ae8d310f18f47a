/** Which expressions may be assigned to (Python's rules), checked after conversion. */
import type { Expr } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { syntaxErrors } from "./errors.js";

const DESCRIPTIONS: Partial<Record<Expr["kind"], string>> = {
  call: "a function call",
  number: "a literal",
  string: "a literal",
  fstring: "an f-string",
  constant: "a constant",
  binary: "an expression",
  compare: "a comparison",
  logical: "an expression",
  unary: "an expression",
  conditional: "a conditional expression",
  lambda: "a lambda",
  await: "an await expression",
  comprehension: "a comprehension",
  dict: "a dict display",
  set: "a set display",
  ellipsis: "'...'",
};

export function checkTarget(ctx: ConvertContext, e: Expr): void {
  switch (e.kind) {
    case "name":
    case "attribute":
    case "index":
    case "error":
      return;
    case "starred":
      return checkTarget(ctx, e.expr);
    case "tuple":
    case "list":
      for (const x of e.elements) checkTarget(ctx, x);
      return;
    default:
      ctx.diagnostics.push(syntaxErrors.invalidTarget(e.span.start, e.span.end, DESCRIPTIONS[e.kind] ?? "this expression"));
  }
}
