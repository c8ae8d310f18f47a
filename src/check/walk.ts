/** Generic traversal of the AST, for passes that do not care about every node kind. */
import { unreachable } from "../diagnostics/diagnostic.js";
import type { Expr, FunctionDef, HoleSegment, PromptStmt, Stmt } from "../syntax/ast.js";

/** The direct sub-expressions of an expression, in source order. */
export function childExprs(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "name":
    case "number":
    case "string":
    case "constant":
    case "ellipsis":
    case "error":
      return [];
    case "fstring":
      return e.parts.flatMap((p) => (p.kind === "interpolation" ? [p.expr] : []));
    case "list":
    case "tuple":
    case "set":
      return e.elements;
    case "dict":
      return e.entries.flatMap((entry) => [entry.key, entry.value]);
    case "comprehension":
      return [
        ...e.clauses.flatMap((c) => [c.target, c.iter, ...c.conditions]),
        e.element,
        ...(e.value === undefined ? [] : [e.value]),
      ];
    case "attribute":
      return [e.object];
    case "call":
      return [e.callee, ...e.args.map((a) => a.value)];
    case "index":
      return [e.object, e.index];
    case "slice":
      return [e.lower, e.upper, e.step].filter((x): x is Expr => x !== undefined);
    case "unary":
      return [e.operand];
    case "binary":
    case "logical":
      return [e.left, e.right];
    case "compare":
      return [e.first, ...e.rest.map((r) => r.right)];
    case "conditional":
      return [e.test, e.then, e.otherwise];
    case "await":
    case "starred":
      return [e.expr];
    case "lambda":
      return [...e.params.flatMap((p) => (p.default === undefined ? [] : [p.default])), e.body];
    default:
      return unreachable(e);
  }
}

/** Calls `visit` on `e` and every expression below it. */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const child of childExprs(e)) forEachExpr(child, visit);
}

/** The holes of one prompt statement, in order. */
export function holesOf(prompt: PromptStmt): readonly HoleSegment[] {
  return prompt.segments.filter((s): s is HoleSegment => s.kind === "hole");
}

/** Nested statement blocks of a statement, not entering function definitions. */
export function childBlocks(s: Stmt): readonly (readonly Stmt[])[] {
  switch (s.kind) {
    case "if":
      return [...s.branches.map((b) => b.body), ...(s.orelse === undefined ? [] : [s.orelse])];
    case "for":
    case "while":
      return [s.body, ...(s.orelse === undefined ? [] : [s.orelse])];
    case "prompt":
    case "expr":
    case "assign":
    case "augassign":
    case "annassign":
    case "break":
    case "continue":
    case "pass":
    case "return":
    case "def":
    case "assert":
    case "unsupported":
      return [];
    default:
      return unreachable(s);
  }
}

/** Every statement of a block and its nested blocks, in source order, not entering `def`s. */
export function* statementsOf(block: readonly Stmt[]): Generator<Stmt> {
  for (const s of block) {
    yield s;
    for (const inner of childBlocks(s)) yield* statementsOf(inner);
  }
}

/** Every function definition at any depth, in source order (including defs inside defs). */
export function* functionsOf(block: readonly Stmt[]): Generator<FunctionDef> {
  for (const s of statementsOf(block)) {
    if (s.kind === "def") {
      yield s;
      yield* functionsOf(s.body);
    }
  }
}

/** The prompt statements a block runs itself (not those of functions it defines). */
export function promptsOf(block: readonly Stmt[]): PromptStmt[] {
  const out: PromptStmt[] = [];
  for (const s of statementsOf(block)) if (s.kind === "prompt") out.push(s);
  return out;
}

/** The literal number of an expression (with unary minus/plus), when it is one. */
export function numberLiteral(e: Expr): number | undefined {
  if (e.kind === "number") return e.value;
  if (e.kind === "unary" && (e.op === "-" || e.op === "+")) {
    const inner = numberLiteral(e.operand);
    return inner === undefined ? undefined : e.op === "-" ? -inner : inner;
  }
  return undefined;
}

/** `a.b.c` as text, for messages; undefined for anything else. */
export function dottedName(e: Expr): string | undefined {
  if (e.kind === "name") return e.name;
  if (e.kind === "attribute") {
    const head = dottedName(e.object);
    return head === undefined ? undefined : `${head}.${e.name}`;
  }
  if (e.kind === "call") return dottedName(e.callee);
  return undefined;
}
