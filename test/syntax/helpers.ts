/** Test helpers: parse a snippet, strip spans for shape comparisons, locate text in a snippet. */
import { parse, parseExpression } from "../../src/syntax/parse.js";
import type { Expr, Query, Stmt } from "../../src/syntax/ast.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

export function parseOk(text: string): Query {
  const r = parse({ name: "test.lmql", text });
  if (r.diagnostics.length > 0) {
    throw new Error(`unexpected diagnostics:\n${r.diagnostics.map((d) => `${d.code} ${d.message} @${d.span.start}-${d.span.end}`).join("\n")}`);
  }
  return r.value;
}

export function parseDiagnostics(text: string): readonly Diagnostic[] {
  return parse({ name: "test.lmql", text }).diagnostics;
}

export function exprOk(text: string): Expr {
  const r = parseExpression(text);
  if (r.diagnostics.length > 0) throw new Error(`unexpected diagnostics: ${r.diagnostics.map((d) => d.code + " " + d.message).join("; ")}`);
  return r.value;
}

/** A deep copy without `span`-like keys, to compare shapes. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (!/span$/i.test(k)) out[k] = shape(v);
    return out;
  }
  return node;
}

export function firstStmt(text: string): Stmt {
  const q = parseOk(text);
  const s = q.body[0];
  if (s === undefined) throw new Error("no statement");
  return s;
}

/** The span of the `n`th occurrence of `needle` in `text`. */
export function at(text: string, needle: string, n = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  return { start: i, end: i + needle.length };
}
