/** Classifies the functions a query defines: nested queries, host declarations, plain code. */
import type { FunctionDef, PromptStmt, Stmt } from "../syntax/ast.js";
import type { FunctionInfo, FunctionKind } from "./checked-query.js";
import { functionsOf, promptsOf } from "./walk.js";

function isEllipsis(s: Stmt): boolean {
  return s.kind === "expr" && s.expr.kind === "ellipsis";
}

/** A prompt of plain text in first position of a body: Python reads it as a docstring. */
function isDocstring(s: Stmt, index: number): boolean {
  return index === 0 && s.kind === "prompt" && s.where === undefined && s.segments.every((seg) => seg.kind === "text");
}

export function functionKind(def: FunctionDef): FunctionKind {
  if (def.lmqlDocstring) return "query";
  if (def.body.some(isEllipsis) && def.body.every((s, i) => isEllipsis(s) || isDocstring(s, i))) return "host";
  const prompts = promptsOf(def.body).filter((p) => !(p === def.body[0] && isDocstring(p, 0)));
  return prompts.length > 0 ? "query" : "python";
}

function docstringOf(def: FunctionDef, kind: FunctionKind): PromptStmt | undefined {
  const first = def.body[0];
  return kind !== "query" && first !== undefined && first.kind === "prompt" && isDocstring(first, 0) ? first : undefined;
}

export function collectFunctions(body: readonly Stmt[]): FunctionInfo[] {
  return [...functionsOf(body)].map((def) => {
    const kind = functionKind(def);
    return { name: def.name, kind, params: def.params.map((p) => p.name), span: def.nameSpan, def, docstring: docstringOf(def, kind) };
  });
}
