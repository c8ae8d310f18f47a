/**
 * Format specs with replacement fields of their own (`f"{x:{width}.{prec}f}"`, prompt
 * `{x:>{w}}`). The AST keeps a spec as text, so its `{...}` fields are parsed here (once per
 * distinct text) and evaluated in the current scope, as Python does before formatting.
 */
import type { Expr } from "../../syntax/ast.js";
import { parseExpression } from "../../syntax/parse.js";
import { PyError } from "./errors.js";
import { evaluate, type EvalContext } from "./evaluate.js";
import { formatValue } from "./format-spec.js";
import type { Scope } from "./scope.js";

const parsedFields = new Map<string, Expr>();

function fieldExpr(text: string): Expr {
  let e = parsedFields.get(text);
  if (e === undefined) {
    const parsed = parseExpression(text);
    if (parsed.diagnostics.length > 0) throw new PyError("SyntaxError", `f-string: ${parsed.diagnostics[0].message} in format spec field '{${text}}'`);
    e = parsed.value;
    parsedFields.set(text, e);
  }
  return e;
}

/** The spec with each `{expr}` replaced by `format(expr, "")`; a spec without braces is returned as is. */
export async function resolveFormatSpec(spec: string, scope: Scope, ctx: EvalContext): Promise<string> {
  if (!spec.includes("{")) return spec;
  let out = "";
  let i = 0;
  while (i < spec.length) {
    const open = spec.indexOf("{", i);
    if (open < 0) break;
    const close = spec.indexOf("}", open);
    if (close < 0) throw new PyError("SyntaxError", "f-string: expecting '}' in format spec");
    out += spec.slice(i, open) + formatValue(await evaluate(fieldExpr(spec.slice(open + 1, close)), scope, ctx), "");
    i = close + 1;
  }
  return out + spec.slice(i);
}
