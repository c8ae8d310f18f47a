/**
 * Statement-level rules: Python we parse but do not run (`import`, `class`, decorators other than
 * `@lmql.query`, ...) and `break`/`continue` outside a loop. `return` at top level is allowed:
 * LMQL 0.7.4+ queries may return a value.
 */
import { unreachable, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Stmt } from "../syntax/ast.js";
import { outsideLoop, unsupportedDecorator, unsupportedStatement } from "./errors.js";
import { dottedName } from "./walk.js";

function checkBlock(block: readonly Stmt[], inLoop: boolean, out: Diagnostic[]): void {
  for (const s of block) checkStatement(s, inLoop, out);
}

function checkStatement(s: Stmt, inLoop: boolean, out: Diagnostic[]): void {
  switch (s.kind) {
    case "unsupported":
      out.push(unsupportedStatement(s.construct, s.keywordSpan));
      return;
    case "break":
    case "continue":
      if (!inLoop) out.push(outsideLoop(s.kind, s.span));
      return;
    case "def":
      for (const d of s.decorators) out.push(unsupportedDecorator(dottedName(d) ?? "...", d.span));
      checkBlock(s.body, false, out);
      return;
    case "for":
    case "while":
      checkBlock(s.body, true, out);
      // `else` of a loop runs after it: a `break` there belongs to an outer loop.
      if (s.orelse !== undefined) checkBlock(s.orelse, inLoop, out);
      return;
    case "if":
      for (const b of s.branches) checkBlock(b.body, inLoop, out);
      if (s.orelse !== undefined) checkBlock(s.orelse, inLoop, out);
      return;
    case "prompt":
    case "expr":
    case "assign":
    case "augassign":
    case "annassign":
    case "pass":
    case "return":
    case "assert":
      return;
    default:
      unreachable(s);
  }
}

export function checkStatements(body: readonly Stmt[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkBlock(body, false, out);
  return out;
}
