/**
 * Cheap static unsatisfiability over the top-level conjunction of a `where` clause: empty choice
 * lists, choice lists with nothing in common, and length bounds no value meets (negative or zero
 * caps, `len(X) > 5 and len(X) < 3`). Anything under `or`/`not` is left to the runtime.
 */
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { CompareOp, Expr } from "../syntax/ast.js";
import { constraintFunction, type CountMeasure } from "../language/index.js";
import { unsatisfiable } from "./errors.js";
import { numberLiteral } from "./walk.js";

function conjuncts(e: Expr): Expr[] {
  return e.kind === "logical" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

type Measure = "characters" | "tokens" | "words";

/** `len(X)`, `len(TOKENS(X))`, `len(WORDS(X))` → the hole and what is counted. */
function lengthOf(e: Expr, holes: readonly string[]): { hole: string; measure: Measure } | undefined {
  if (e.kind !== "call" || e.callee.kind !== "name" || e.callee.name !== "len" || e.args.length !== 1) return undefined;
  const arg = e.args[0]!.value;
  if (arg.kind === "name") return holes.includes(arg.name) ? { hole: arg.name, measure: "characters" } : undefined;
  if (arg.kind !== "call" || arg.callee.kind !== "name" || arg.args.length !== 1) return undefined;
  const inner = arg.args[0]!.value;
  if (inner.kind !== "name" || !holes.includes(inner.name)) return undefined;
  const lowering = constraintFunction(arg.callee.name)?.lowering;
  if (lowering?.kind !== "measure") return undefined;
  // A sentence count is at least 1 (the empty value is one empty sentence): not an interval from 0.
  const measure = MEASURES[lowering.measure];
  return measure === undefined ? undefined : { hole: inner.name, measure };
}

const MEASURES: Readonly<Record<CountMeasure, Measure | undefined>> = { token: "tokens", word: "words", sentence: undefined };

const FLIP: Partial<Record<CompareOp, CompareOp>> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==" };

interface Bound {
  readonly hole: string;
  readonly measure: Measure;
  readonly lo: number;
  readonly hi: number;
}

/** `len(..) op n` or `n op len(..)` as an integer interval. */
function boundOf(left: Expr, op: CompareOp, right: Expr, holes: readonly string[]): Bound | undefined {
  let subject = lengthOf(left, holes);
  let n = numberLiteral(right);
  let relation: CompareOp | undefined = op;
  if (subject === undefined) {
    subject = lengthOf(right, holes);
    n = numberLiteral(left);
    relation = FLIP[op];
  }
  if (subject === undefined || n === undefined || relation === undefined) return undefined;
  const at = { ...subject, lo: 0, hi: Infinity };
  switch (relation) {
    case "<":
      return { ...at, hi: Math.ceil(n) - 1 };
    case "<=":
      return { ...at, hi: Math.floor(n) };
    case ">":
      return { ...at, lo: Math.floor(n) + 1 };
    case ">=":
      return { ...at, lo: Math.ceil(n) };
    case "==":
      return Number.isInteger(n) ? { ...at, lo: n, hi: n } : { ...at, lo: 1, hi: 0 };
    default:
      return undefined;
  }
}

/** `X in [...]` with a literal list of strings → the hole and the options. */
function choiceOf(atom: Expr, holes: readonly string[]): { hole: string; options: string[] | undefined; empty: boolean } | undefined {
  if (atom.kind !== "compare" || atom.rest.length !== 1 || atom.rest[0]!.op !== "in") return undefined;
  if (atom.first.kind !== "name" || !holes.includes(atom.first.name)) return undefined;
  const list = atom.rest[0]!.right;
  if (list.kind !== "list" && list.kind !== "tuple" && list.kind !== "set") return undefined;
  const strings = list.elements.flatMap((e) => (e.kind === "string" ? [e.value] : []));
  const options = strings.length === list.elements.length ? strings : undefined;
  return { hole: atom.first.name, options, empty: list.elements.length === 0 };
}

function compareBounds(atom: Expr, holes: readonly string[]): Bound[] {
  if (atom.kind !== "compare") return [];
  const out: Bound[] = [];
  let left = atom.first;
  for (const { op, right } of atom.rest) {
    const b = boundOf(left, op, right, holes);
    if (b !== undefined) out.push(b);
    left = right;
  }
  return out;
}

const UNIT: Record<Measure, string> = { characters: "len(X)", tokens: "len(TOKENS(X))", words: "len(WORDS(X))" };

function checkBound(b: Bound, previous: Map<string, Bound>, at: Span): Diagnostic | undefined {
  const what = UNIT[b.measure].replace("X", b.hole);
  if (b.hi < 0) return unsatisfiable(`${what} cannot be negative`, at, "a length cap must be at least 1, e.g. `len(TOKENS(X)) < 20`");
  if (b.hi === 0 && b.lo === 0) {
    return unsatisfiable(`${what} must be 0: the hole can only be empty`, at, `a length cap must allow at least one of the ${b.measure}; to leave the hole out, remove it`);
  }
  const key = `${b.hole}\u0000${b.measure}`;
  const before = previous.get(key);
  const merged = before === undefined ? b : { ...b, lo: Math.max(b.lo, before.lo), hi: Math.min(b.hi, before.hi) };
  previous.set(key, merged);
  if (merged.lo > merged.hi) return unsatisfiable(`no length of ${b.hole} meets all bounds on ${what}`, at, `together the bounds ask for ${merged.lo} ≤ ${what} ≤ ${merged.hi}`);
  return undefined;
}

export function findUnsatisfiable(where: Expr, holes: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const choices = new Map<string, Set<string>>();
  const bounds = new Map<string, Bound>();
  for (const atom of conjuncts(where)) {
    const choice = choiceOf(atom, holes);
    if (choice?.empty === true) out.push(unsatisfiable(`${choice.hole} must be in an empty list`, atom.span, "list at least one option"));
    else if (choice?.options !== undefined) {
      const before = choices.get(choice.hole);
      const common = before === undefined ? new Set(choice.options) : new Set(choice.options.filter((o) => before.has(o)));
      if (before !== undefined && common.size === 0) {
        out.push(unsatisfiable(`no value of ${choice.hole} is in both lists`, atom.span, "the lists are joined by `and`; did you mean `or`?"));
      }
      choices.set(choice.hole, common);
    }
    for (const b of compareBounds(atom, holes)) {
      const problem = checkBound(b, bounds, atom.span);
      if (problem !== undefined) out.push(problem);
    }
  }
  // Reported once per where clause, only when nothing above already failed.
  return out.length > 0 ? out : choicesAgainstLengths(choices, bounds, where.span);
}

/** `X in ["yes", "no"] and len(X) > 3`: no option has an allowed length (in characters). */
function choicesAgainstLengths(choices: ReadonlyMap<string, ReadonlySet<string>>, bounds: ReadonlyMap<string, Bound>, at: Span): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [hole, options] of choices) {
    const b = bounds.get(`${hole}\u0000characters`);
    if (b === undefined || options.size === 0) continue;
    const fits = [...options].some((o) => [...o].length >= b.lo && [...o].length <= b.hi);
    if (!fits) out.push(unsatisfiable(`no option of ${hole} has a length allowed by len(${hole})`, at, `the options are ${[...options].map((o) => JSON.stringify(o)).join(", ")}; the length must be in ${b.lo}..${b.hi}`));
  }
  return out;
}
