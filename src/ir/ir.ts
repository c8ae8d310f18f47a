/**
 * The lowered program the interpreter runs: readonly plain nodes, each with a span. Expressions
 * stay AST `Expr`s (the evaluator runs them); what lowering adds is the shape of prompts (segments
 * and holes) and, per hole, the constraint template that combines its inline `where`, the global
 * `where` and its type.
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type { Argument, AugOp, Expr, Param } from "../syntax/ast.js";
import type { ConstraintTemplate } from "./constraint-template.js";

export interface Program {
  readonly kind: "program";
  readonly body: readonly IrStmt[];
  readonly decoder: DecoderIr;
  readonly model?: ModelIr;
  readonly distribution?: DistributionIr;
  /** Every hole name in the program (top level and inside functions). */
  readonly holeNames: readonly string[];
  readonly span: Span;
}

/** `argmax` when the query names none. Arguments are evaluated when the run starts. */
export interface DecoderIr {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly span: Span;
}

export interface ModelIr {
  readonly expr: Expr;
  readonly span: Span;
}

export interface DistributionIr {
  readonly variable: string;
  readonly options: Expr;
  readonly span: Span;
}

export type IrStmt =
  | PromptIr
  | ExprStmtIr
  | AssignIr
  | AugAssignIr
  | IfIr
  | ForIr
  | WhileIr
  | BreakIr
  | ContinueIr
  | PassIr
  | ReturnIr
  | DefIr
  | AssertIr;

export interface PromptIr { readonly kind: "prompt"; readonly segments: readonly SegmentIr[]; readonly span: Span }
export interface ExprStmtIr { readonly kind: "expr"; readonly expr: Expr; readonly span: Span }
export interface AssignIr { readonly kind: "assign"; readonly targets: readonly Expr[]; readonly value: Expr; readonly span: Span }
export interface AugAssignIr { readonly kind: "augassign"; readonly target: Expr; readonly op: AugOp; readonly value: Expr; readonly span: Span }
export interface IfIr {
  readonly kind: "if";
  readonly branches: readonly { readonly test: Expr; readonly body: readonly IrStmt[]; readonly span: Span }[];
  readonly orelse: readonly IrStmt[];
  readonly span: Span;
}
export interface ForIr { readonly kind: "for"; readonly target: Expr; readonly iter: Expr; readonly body: readonly IrStmt[]; readonly orelse: readonly IrStmt[]; readonly span: Span }
export interface WhileIr { readonly kind: "while"; readonly test: Expr; readonly body: readonly IrStmt[]; readonly orelse: readonly IrStmt[]; readonly span: Span }
export interface BreakIr { readonly kind: "break"; readonly span: Span }
export interface ContinueIr { readonly kind: "continue"; readonly span: Span }
export interface PassIr { readonly kind: "pass"; readonly span: Span }
export interface ReturnIr { readonly kind: "return"; readonly value?: Expr; readonly span: Span }
export interface AssertIr { readonly kind: "assert"; readonly test: Expr; readonly message?: Expr; readonly span: Span }

/**
 * `query`: the body holds prompts (a nested query, run on the caller's prompt session);
 * `host`: the body is `...`, the embedding program supplies the function;
 * `python`: ordinary code.
 */
export type DefFlavor = "query" | "host" | "python";

export interface DefIr {
  readonly kind: "def";
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly Param[];
  readonly body: readonly IrStmt[];
  readonly flavor: DefFlavor;
  /** Decorators applied to the function at definition, outermost first (`@lmql.decorators.pre`). */
  readonly decorators: readonly Expr[];
  readonly span: Span;
}

export type SegmentIr = TextIr | InterpolationIr | RoleIr | HoleIr;

export interface TextIr { readonly kind: "text"; readonly text: string; readonly span: Span }
export interface InterpolationIr { readonly kind: "interpolation"; readonly expr: Expr; readonly formatSpec?: string; readonly span: Span }
export interface RoleIr { readonly kind: "role"; readonly role: string; readonly span: Span }

/** What the hole's value becomes: text, a cast number, or the result of a function call. */
export type HoleValueIr =
  | { readonly kind: "str" }
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "regex"; readonly pattern: string; readonly span: Span }
  /** `[X: fn]` / `[X: fn(args)]`: the value is what calling `fn` returns. */
  | { readonly kind: "call"; readonly callee: Expr; readonly args: readonly Argument[]; readonly span: Span };

export interface HoleIr {
  readonly kind: "hole";
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: HoleValueIr;
  /** Inline `where`, global `where` and type, restricted to the terms that name this hole. */
  readonly constraint: ConstraintTemplate;
  /** The `where` terms naming this hole that no mask can fully express: checked on the finished value. */
  readonly postChecks: readonly Expr[];
  /** `[@fn X]`: applied to the finished value, innermost (last written) first. */
  readonly decorators: readonly Expr[];
  readonly span: Span;
}
