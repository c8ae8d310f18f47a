/**
 * Statement-level rules: Python we parse but do not run (`import`, `class`, decorators other than
 * `@lmql.query`, ...) and `break`/`continue` outside a loop. `return` at top level is allowed:
 * LMQL 0.7.4+ queries may return a value.
 */
import { unreachable, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Stmt, UnsupportedStmt } from "../syntax/ast.js";
import { outsideLoop, unsupportedDecorator, unsupportedStatement } from "./errors.js";
import { dottedName, statementsOf } from "./walk.js";

/** `import lmql` is how LMQL files begin; lmql-ts provides `lmql` itself, so it is harmless. */
function isImportLmql(s: UnsupportedStmt, text: string | undefined): boolean {
  return s.construct === "import" && text !== undefined && /^import\s+lmql\s*(#.*)?$/.test(text.slice(s.span.start, s.span.end).trim());
}

interface Context {
  readonly text: string | undefined;
  readonly out: Diagnostic[];
}

function checkBlock(block: readonly Stmt[], inLoop: boolean, ctx: Context): void {
  for (const s of block) checkStatement(s, inLoop, ctx);
}

function checkStatement(s: Stmt, inLoop: boolean, ctx: Context): void {
  const out = ctx.out;
  switch (s.kind) {
    case "unsupported":
      if (!isImportLmql(s, ctx.text)) out.push(unsupportedStatement(s.construct, s.keywordSpan));
      return;
    case "break":
    case "continue":
      if (!inLoop) out.push(outsideLoop(s.kind, s.span));
      return;
    case "def":
      for (const d of s.decorators) out.push(unsupportedDecorator(dottedName(d) ?? "...", d.span));
      checkBlock(s.body, false, ctx);
      return;
    case "for":
    case "while":
      checkBlock(s.body, true, ctx);
      // `else` of a loop runs after it: a `break` there belongs to an outer loop.
      if (s.orelse !== undefined) checkBlock(s.orelse, inLoop, ctx);
      return;
    case "if":
      for (const b of s.branches) checkBlock(b.body, inLoop, ctx);
      if (s.orelse !== undefined) checkBlock(s.orelse, inLoop, ctx);
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

/** `text` is the query's source text when known (to recognise `import lmql`). */
export function checkStatements(body: readonly Stmt[], text?: string): Diagnostic[] {
  const ctx: Context = { text, out: [] };
  checkBlock(body, false, ctx);
  return ctx.out;
}

/**
 * Names of the classes that unsupported `class` statements would define (read from the source
 * text, which the AST does not keep): a hole typed by one is a dataclass hole, not an input.
 */
export function unsupportedClassNames(body: readonly Stmt[], text: string | undefined): Set<string> {
  const names = new Set<string>();
  if (text === undefined) return names;
  const visit = (block: readonly Stmt[]): void => {
    for (const s of statementsOf(block)) {
      if (s.kind === "def") visit(s.body);
      if (s.kind !== "unsupported" || s.construct !== "class") continue;
      const match = /^class\s+([A-Za-z_]\w*)/.exec(text.slice(s.keywordSpan.start, s.span.end));
      if (match !== null) names.add(match[1]!);
    }
  };
  visit(body);
  return names;
}
