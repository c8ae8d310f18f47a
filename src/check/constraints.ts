/**
 * `where` clauses: every atomic constraint must mention a hole it applies to (the holes of its
 * prompt for an inline `where`, the top-level holes for the query's `where`); constraint functions
 * need the right arguments; `type(X) is Cls` is not supported yet. Comparisons LMQL rejects
 * (`<=`, `>=`, `!=`, `not in`) are accepted on purpose.
 */
import { unreachable, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CallExpr, Expr } from "../syntax/ast.js";
import {
  constraintArity,
  constraintNeedsString,
  constraintSubjectNotHole,
  constraintWithoutHole,
  typeConstraintUnsupported,
  unknownConstraintFunction,
} from "./errors.js";
import { constraintFunction, CONSTRAINT_FUNCTION_NAMES, type ArgKind } from "../language/index.js";
import { checkRegex } from "./regex.js";
import { lookup, type Frame } from "./scopes.js";
import { closest } from "../diagnostics/suggest.js";
import { findUnsatisfiable } from "./unsatisfiable.js";
import { forEachExpr } from "./walk.js";

/** What a `where` clause applies to. */
export interface ConstraintScope {
  /** The holes the clause constrains, in order. */
  readonly holes: readonly string[];
  /** The frame its names resolve in. */
  readonly frame: Frame;
  readonly isHostFunction: (name: string) => boolean;
}

/** Splits a constraint at `and`/`or`/`not` into the atoms that each must name a hole. */
export function atomsOf(e: Expr): Expr[] {
  if (e.kind === "logical") return [...atomsOf(e.left), ...atomsOf(e.right)];
  if (e.kind === "unary" && e.op === "not") return atomsOf(e.operand);
  return [e];
}

function isTypeIs(atom: Expr): boolean {
  return (
    atom.kind === "compare" &&
    atom.rest.some((r) => r.op === "is" || r.op === "is not") &&
    atom.first.kind === "call" &&
    atom.first.callee.kind === "name" &&
    atom.first.callee.name === "type"
  );
}

const NOT_A_STRING = new Set<Expr["kind"]>(["number", "constant", "list", "tuple", "set", "dict", "comprehension", "lambda"]);

function checkArgument(fn: string, usage: string, kind: ArgKind, arg: Expr, scope: ConstraintScope, out: Diagnostic[]): void {
  switch (kind) {
    case "hole":
      if (arg.kind !== "name" || !scope.holes.includes(arg.name)) {
        const suggestion = arg.kind === "name" ? closest(arg.name, scope.holes) : undefined;
        out.push(constraintSubjectNotHole(fn, usage, arg.span, suggestion));
      }
      return;
    case "string":
      if (NOT_A_STRING.has(arg.kind)) out.push(constraintNeedsString(fn, arg.span));
      return;
    case "strings":
      if (NOT_A_STRING.has(arg.kind) && arg.kind !== "list" && arg.kind !== "tuple") out.push(constraintNeedsString(fn, arg.span));
      return;
    case "pattern":
      if (NOT_A_STRING.has(arg.kind)) out.push(constraintNeedsString(fn, arg.span));
      else if (arg.kind === "string") out.push(...checkRegex(arg.value, arg.span));
      return;
    case "any":
      return;
    default:
      unreachable(kind);
  }
}

function checkCall(call: CallExpr, scope: ConstraintScope, out: Diagnostic[]): void {
  if (call.callee.kind !== "name") return;
  const name = call.callee.name;
  const signature = constraintFunction(name);
  if (signature === undefined) {
    const defined = lookup(scope.frame, name) !== undefined || scope.isHostFunction(name);
    if (!defined && /^[A-Z][A-Z0-9_]+$/.test(name)) {
      out.push(unknownConstraintFunction(name, call.callee.span, closest(name, CONSTRAINT_FUNCTION_NAMES)));
    }
    return;
  }
  const positional = call.args.filter((a) => a.kind === "positional");
  if (positional.length !== call.args.length || positional.length !== signature.args.length) {
    out.push(constraintArity(name, signature.usage, call.args.length, call.span));
    return;
  }
  signature.args.forEach((kind, i) => checkArgument(name, signature.usage, kind, positional[i]!.value, scope, out));
}

/** The names an atom mentions, other than the functions it calls. */
function mentionedNames(atom: Expr): { name: string }[] {
  const callees = new Set<Expr>();
  const names: { name: string }[] = [];
  forEachExpr(atom, (e) => {
    if (e.kind === "call") callees.add(e.callee);
    if (e.kind === "name" && !callees.has(e)) names.push(e);
  });
  return names;
}

function checkAtom(atom: Expr, scope: ConstraintScope): Diagnostic[] {
  if (isTypeIs(atom)) return [typeConstraintUnsupported(atom.span)];
  const out: Diagnostic[] = [];
  forEachExpr(atom, (e) => {
    if (e.kind === "call") checkCall(e, scope, out);
  });
  if (out.length > 0) return out;
  const names = mentionedNames(atom);
  if (!names.some((n) => scope.holes.includes(n.name))) {
    const typo = names.map((n) => closest(n.name, scope.holes)).find((s) => s !== undefined);
    out.push(constraintWithoutHole(scope.holes, atom.span, typo));
  }
  return out;
}

/** All diagnostics for one `where` clause. */
export function checkConstraint(where: Expr, scope: ConstraintScope): Diagnostic[] {
  const out = atomsOf(where).flatMap((atom) => checkAtom(atom, scope));
  // Satisfiability is only meaningful once each atom is well-formed.
  return out.length > 0 ? out : findUnsatisfiable(where, scope.holes);
}
