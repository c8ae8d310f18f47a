/**
 * Python's operator precedence over the flat operand/operator sequence the grammar produces
 * (precedence climbing). Lowest first: or, and, not, comparisons, |, ^, &, shifts, + -,
 * * / // % @, unary + - ~, ** (right-associative; binds tighter than a unary on its left).
 */
import { joinSpans, type Span } from "../diagnostics/diagnostic.js";
import type { BinaryOp, CompareOp, Expr, UnaryOp } from "./ast.js";

export type OperatorItem =
  | { readonly kind: "prefix"; readonly image: string; readonly span: Span }
  | { readonly kind: "operand"; readonly expr: Expr }
  | { readonly kind: "op"; readonly image: string; readonly span: Span };

const NOT = 3;
const COMPARE = 4;
const UNARY = 11;
const POWER = 12;

const BINARY: Record<string, number> = {
  or: 1, and: 2, "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "//": 10, "%": 10, "@": 10, "**": POWER,
};
const COMPARISONS = new Set(["<", ">", "==", "!=", "<=", ">=", "in", "not in", "is", "is not"]);

function precedence(op: string): number {
  return COMPARISONS.has(op) ? COMPARE : (BINARY[op] ?? 0);
}

export function buildOperators(items: readonly OperatorItem[], whole: Span): Expr {
  if (items.length === 1 && items[0]!.kind === "operand") return items[0].expr;
  const climber = new Climber(items, whole);
  return climber.parse(0);
}

class Climber {
  private i = 0;
  constructor(
    private readonly items: readonly OperatorItem[],
    private readonly whole: Span,
  ) {}

  parse(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const item = this.items[this.i];
      if (item === undefined || item.kind !== "op") return left;
      const prec = precedence(item.image);
      if (prec < minPrec || prec === 0) return left;
      if (prec === COMPARE) {
        left = this.chain(left);
        continue;
      }
      this.i++;
      const right = this.parse(item.image === "**" ? prec : prec + 1);
      const at = joinSpans(left.span, right.span);
      left = item.image === "and" || item.image === "or"
        ? { kind: "logical", op: item.image, left, right, span: at }
        : { kind: "binary", op: item.image as BinaryOp, left, right, span: at };
    }
  }

  private chain(first: Expr): Expr {
    const rest: { op: CompareOp; right: Expr; opSpan: Span }[] = [];
    for (;;) {
      const item = this.items[this.i];
      if (item === undefined || item.kind !== "op" || precedence(item.image) !== COMPARE) break;
      this.i++;
      rest.push({ op: item.image as CompareOp, right: this.parse(COMPARE + 1), opSpan: item.span });
    }
    const last = rest[rest.length - 1]!;
    return { kind: "compare", first, rest, span: joinSpans(first.span, last.right.span) };
  }

  private unary(): Expr {
    const item = this.items[this.i];
    if (item === undefined) return { kind: "error", span: this.whole };
    this.i++;
    if (item.kind === "operand") return item.expr;
    if (item.kind === "op") return { kind: "error", span: item.span };
    const operand = this.parse(item.image === "not" ? NOT : UNARY);
    return { kind: "unary", op: item.image as UnaryOp, operand, span: joinSpans(item.span, operand.span) };
  }
}
