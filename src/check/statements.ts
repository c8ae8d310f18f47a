/**
 * Statement-level rules: Python we parse but do not run (`import`, `class`, decorators other than
 * `@lmql.query`, ...) and `break`/`continue` outside a loop. `return` at top level is allowed:
 * LMQL 0.7.4+ queries may return a value.
 */
import { unreachable, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { QueryClauses, Stmt, UnsupportedStmt } from "../syntax/ast.js";
import { docstringClausesUnsupported, outsideLoop, unsupportedDecorator, unsupportedStatement } from "./errors.js";
import { dottedName, statementsOf } from "./walk.js";

/** Function decorators LMQL provides at run time: they mark a hole decorator's stage. */
const RUNTIME_DECORATORS: ReadonlySet<string> = new Set(["lmql.decorators.pre", "lmql.decorators.streaming"]);

/** `import lmql` / `from lmql import ...`: LMQL's own library, which lmql-ts provides itself. */
const LMQL_IMPORT = /^(?:import\s+lmql|from\s+lmql\s+import\s+[^#]*?)\s*(?:#.*)?$/s;

/** Whether `s` imports LMQL's library: a no-op the checker accepts and the lowering drops. */
export function isImportLmql(s: UnsupportedStmt, text: string | undefined): boolean {
  return s.construct === "import" && text !== undefined && LMQL_IMPORT.test(text.slice(s.keywordSpan.start, s.span.end).trim());
}

/** Every `import lmql` preamble statement, at any depth. */
export function lmqlImports(body: readonly Stmt[], text: string | undefined): Set<UnsupportedStmt> {
  const out = new Set<UnsupportedStmt>();
  collectUnsupported(body, (s) => {
    if (isImportLmql(s, text)) out.add(s);
  });
  return out;
}

interface Context {
  readonly text: string | undefined;
  readonly out: Diagnostic[];
}

function checkBlock(block: readonly Stmt[], inLoop: boolean, ctx: Context): void {
  for (const s of block) checkStatement(s, inLoop, ctx);
}

/** From the first to the last clause of a docstring query. */
function clausesSpan(c: QueryClauses): Span {
  const spans = [c.decoder?.span, c.model?.span, c.where?.span, c.distribution?.span].filter((x): x is Span => x !== undefined);
  return { start: Math.min(...spans.map((x) => x.start)), end: Math.max(...spans.map((x) => x.end)) };
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
      for (const d of s.decorators) if (!RUNTIME_DECORATORS.has(dottedName(d) ?? "")) out.push(unsupportedDecorator(dottedName(d) ?? "...", d.span));
      if (s.clauses !== undefined) out.push(docstringClausesUnsupported(clausesSpan(s.clauses)));
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

/** The source text of an unsupported statement, from its keyword to its end. */
type StatementText = (s: UnsupportedStmt) => string;

function collectUnsupported(body: readonly Stmt[], found: (s: UnsupportedStmt) => void): void {
  for (const s of statementsOf(body)) {
    if (s.kind === "def") collectUnsupported(s.body, found);
    if (s.kind === "unsupported") found(s);
  }
}

/** `import a.b, c as d` → `a`, `d`; `from m import x, y as z` → `x`, `z`. */
function importedNames(statement: string): string[] {
  const clause = /^(?:from\s+\S+\s+)?import\s+\(?([^)#\n]*)/.exec(statement)?.[1] ?? "";
  return clause
    .split(",")
    .map((part) => part.trim().split(/\s+as\s+/))
    .map((words) => (words.length === 2 ? words[1]! : words[0]!.split(".")[0]!))
    .filter((name) => /^[A-Za-z_]\w*$/.test(name));
}

/**
 * Names that unsupported statements would bind (read from the source text, which the AST does not
 * keep): classes (a hole typed by one is a dataclass hole) and imported names. They are already
 * reported as unsupported, so they are not inputs as well. Names imported from `lmql` are LMQL's
 * library (`library`): like `lmql` itself, understood in clauses and decorators only.
 */
export function unsupportedBindings(body: readonly Stmt[], text: string | undefined): { classes: Set<string>; imports: Set<string>; library: Set<string> } {
  const classes = new Set<string>();
  const imports = new Set<string>();
  const library = new Set<string>();
  if (text === undefined) return { classes, imports, library };
  const textOf: StatementText = (s) => text.slice(s.keywordSpan.start, s.span.end);
  collectUnsupported(body, (s) => {
    if (s.construct === "class") {
      const match = /^class\s+([A-Za-z_]\w*)/.exec(textOf(s));
      if (match !== null) classes.add(match[1]!);
    }
    if (s.construct === "import") for (const name of importedNames(textOf(s))) (isImportLmql(s, text) ? library : imports).add(name);
  });
  return { classes, imports, library };
}
