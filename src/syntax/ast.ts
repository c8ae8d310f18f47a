/**
 * The abstract syntax of an lmql query: readonly discriminated unions, every node with a `span`
 * of source offsets. Produced by `parse()` (syntax/), read by check/ and ir/.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export type { Span };

// ---------------------------------------------------------------- expressions

export type Expr =
  | NameExpr
  | NumberExpr
  | StringExpr
  | FStringExpr
  | ConstantExpr
  | EllipsisExpr
  | ListExpr
  | TupleExpr
  | SetExpr
  | DictExpr
  | ComprehensionExpr
  | AttributeExpr
  | CallExpr
  | IndexExpr
  | SliceExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | CompareExpr
  | ConditionalExpr
  | AwaitExpr
  | LambdaExpr
  | StarredExpr
  | ErrorExpr;

export interface NameExpr { readonly kind: "name"; readonly name: string; readonly span: Span }
export interface NumberExpr { readonly kind: "number"; readonly value: number; readonly isFloat: boolean; readonly span: Span }
/** A string literal in code position (not a prompt). `value` has escapes resolved; adjacent literals are concatenated. */
export interface StringExpr { readonly kind: "string"; readonly value: string; readonly raw: boolean; readonly span: Span }
export interface FStringExpr { readonly kind: "fstring"; readonly parts: readonly FStringPart[]; readonly span: Span }
export type FStringPart =
  | { readonly kind: "text"; readonly text: string; readonly span: Span }
  | { readonly kind: "interpolation"; readonly expr: Expr; readonly conversion?: "r" | "s" | "a"; readonly formatSpec?: string; readonly span: Span };
export interface ConstantExpr { readonly kind: "constant"; readonly value: true | false | null; readonly span: Span }
/** `...`, used as the body of a declared host function (`async def wikipedia(q): ...`). */
export interface EllipsisExpr { readonly kind: "ellipsis"; readonly span: Span }
export interface ListExpr { readonly kind: "list"; readonly elements: readonly Expr[]; readonly span: Span }
export interface TupleExpr { readonly kind: "tuple"; readonly elements: readonly Expr[]; readonly span: Span }
export interface SetExpr { readonly kind: "set"; readonly elements: readonly Expr[]; readonly span: Span }
export interface DictExpr { readonly kind: "dict"; readonly entries: readonly DictEntry[]; readonly span: Span }
export interface DictEntry { readonly key: Expr; readonly value: Expr; readonly span: Span }
/** `[e for x in xs if c]`, `{k: v for ...}`, `{e for ...}`, `(e for ...)`. */
export interface ComprehensionExpr {
  readonly kind: "comprehension";
  readonly form: "list" | "set" | "dict" | "generator";
  readonly element: Expr;
  /** Only for `form: "dict"`: `element` is the key and this is the value. */
  readonly value?: Expr;
  readonly clauses: readonly ComprehensionClause[];
  readonly span: Span;
}
export interface ComprehensionClause { readonly target: Expr; readonly iter: Expr; readonly conditions: readonly Expr[]; readonly span: Span }
export interface AttributeExpr { readonly kind: "attribute"; readonly object: Expr; readonly name: string; readonly nameSpan: Span; readonly span: Span }
export interface CallExpr { readonly kind: "call"; readonly callee: Expr; readonly args: readonly Argument[]; readonly span: Span }
export type Argument =
  | { readonly kind: "positional"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "keyword"; readonly name: string; readonly nameSpan: Span; readonly value: Expr; readonly span: Span }
  | { readonly kind: "star"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "doublestar"; readonly value: Expr; readonly span: Span };
export interface IndexExpr { readonly kind: "index"; readonly object: Expr; readonly index: Expr; readonly span: Span }
/** Only as the `index` of an IndexExpr: `a[lo:hi:step]`. */
export interface SliceExpr { readonly kind: "slice"; readonly lower?: Expr; readonly upper?: Expr; readonly step?: Expr; readonly span: Span }
export type UnaryOp = "-" | "+" | "not" | "~";
export interface UnaryExpr { readonly kind: "unary"; readonly op: UnaryOp; readonly operand: Expr; readonly span: Span }
export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "&" | "|" | "^" | "<<" | ">>";
export interface BinaryExpr { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
export interface LogicalExpr { readonly kind: "logical"; readonly op: "and" | "or"; readonly left: Expr; readonly right: Expr; readonly span: Span }
export type CompareOp = "<" | ">" | "==" | "!=" | "<=" | ">=" | "in" | "not in" | "is" | "is not";
/** A comparison chain `a < b <= c`: `first`, then each operator with its right operand. */
export interface CompareExpr {
  readonly kind: "compare";
  readonly first: Expr;
  readonly rest: readonly { readonly op: CompareOp; readonly right: Expr; readonly opSpan: Span }[];
  readonly span: Span;
}
export interface ConditionalExpr { readonly kind: "conditional"; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr; readonly span: Span }
export interface AwaitExpr { readonly kind: "await"; readonly expr: Expr; readonly span: Span }
export interface LambdaExpr { readonly kind: "lambda"; readonly params: readonly Param[]; readonly body: Expr; readonly span: Span }
/** `*xs` in a list/tuple display or an assignment target. */
export interface StarredExpr { readonly kind: "starred"; readonly expr: Expr; readonly span: Span }
/** Placeholder left by error recovery; a diagnostic has been reported for it. */
export interface ErrorExpr { readonly kind: "error"; readonly span: Span }

// ---------------------------------------------------------------- prompt strings

/** A top-level string statement: literal text, `{expr}`, `[HOLE]`, `{:role}`. Escapes are resolved in `text`. */
export type PromptSegment = TextSegment | InterpolationSegment | HoleSegment | RoleSegment;

export interface TextSegment { readonly kind: "text"; readonly text: string; readonly span: Span }
export interface InterpolationSegment {
  readonly kind: "interpolation";
  readonly expr: Expr;
  readonly formatSpec?: string;
  readonly span: Span;
}
/** `[NAME]`, `[NAME: int]`, `[NAME: r'..']`, `[NAME: fn(args)]`, `[@dec NAME]`. */
export interface HoleSegment {
  readonly kind: "hole";
  readonly name: string;
  readonly nameSpan: Span;
  readonly type?: HoleType;
  /** `[@fn VAR]`: host or query functions applied to the finished value, outermost first. */
  readonly decorators: readonly Expr[];
  readonly span: Span;
}
/**
 * `typename` covers `int`, `str`, `float` and a bare query-function name (the checker tells them
 * apart); `call` is a query function with arguments; `regex` a raw or plain string pattern.
 */
export type HoleType =
  | { readonly kind: "typename"; readonly name: string; readonly span: Span }
  | { readonly kind: "regex"; readonly pattern: string; readonly patternSpan: Span; readonly span: Span }
  | { readonly kind: "call"; readonly call: CallExpr; readonly span: Span };
export interface RoleSegment { readonly kind: "role"; readonly role: string; readonly span: Span }

// ---------------------------------------------------------------- statements

export type Stmt =
  | PromptStmt
  | ExprStmt
  | AssignStmt
  | AugAssignStmt
  | AnnAssignStmt
  | IfStmt
  | ForStmt
  | WhileStmt
  | BreakStmt
  | ContinueStmt
  | PassStmt
  | ReturnStmt
  | FunctionDef
  | AssertStmt
  | UnsupportedStmt;

/**
 * A string in statement position is a prompt; `where` is its inline constraint. A `distribution`
 * written after the last prompt of a modern-form query is moved to `Query.distribution`.
 */
export interface PromptStmt {
  readonly kind: "prompt";
  readonly segments: readonly PromptSegment[];
  /** Whether the literal was an f-string, raw, or triple-quoted, for tools that re-print the source. */
  readonly quote: { readonly prefix: string; readonly delimiter: string };
  readonly where?: Expr;
  readonly span: Span;
}
export interface ExprStmt { readonly kind: "expr"; readonly expr: Expr; readonly span: Span }
/** `a = b = value`; targets are names, attributes, indexes, tuples/lists of targets. */
export interface AssignStmt { readonly kind: "assign"; readonly targets: readonly Expr[]; readonly value: Expr; readonly span: Span }
export type AugOp = "+=" | "-=" | "*=" | "/=" | "//=" | "%=" | "**=" | "|=" | "&=" | "^=" | "<<=" | ">>=" | "@=";
export interface AugAssignStmt { readonly kind: "augassign"; readonly target: Expr; readonly op: AugOp; readonly value: Expr; readonly span: Span }
/** `x: int = 3` or `x: int`; the annotation is kept but not enforced. */
export interface AnnAssignStmt { readonly kind: "annassign"; readonly target: Expr; readonly annotation: Expr; readonly value?: Expr; readonly span: Span }
export interface IfStmt {
  readonly kind: "if";
  /** `if` then each `elif`, in order. */
  readonly branches: readonly { readonly test: Expr; readonly body: readonly Stmt[]; readonly span: Span }[];
  readonly orelse?: readonly Stmt[];
  readonly span: Span;
}
export interface ForStmt { readonly kind: "for"; readonly target: Expr; readonly iter: Expr; readonly body: readonly Stmt[]; readonly orelse?: readonly Stmt[]; readonly span: Span }
export interface WhileStmt { readonly kind: "while"; readonly test: Expr; readonly body: readonly Stmt[]; readonly orelse?: readonly Stmt[]; readonly span: Span }
export interface BreakStmt { readonly kind: "break"; readonly span: Span }
export interface ContinueStmt { readonly kind: "continue"; readonly span: Span }
export interface PassStmt { readonly kind: "pass"; readonly span: Span }
export interface ReturnStmt { readonly kind: "return"; readonly value?: Expr; readonly span: Span }
export interface AssertStmt { readonly kind: "assert"; readonly test: Expr; readonly message?: Expr; readonly span: Span }

export interface Param {
  readonly name: string;
  readonly annotation?: Expr;
  readonly default?: Expr;
  /** `*args` / `**kwargs`. */
  readonly star?: "*" | "**";
  readonly span: Span;
}

/**
 * `def name(params): body`. A body holding prompt statements is a nested query.
 * LMQL's `@lmql.query` + `'''lmql ...'''` docstring form is parsed into the same node: the docstring's
 * code becomes `body` (spans point into the docstring) and `lmqlDocstring` is true.
 * A body of just `...` declares a host function the embedding program must provide.
 */
export interface FunctionDef {
  readonly kind: "def";
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly isAsync: boolean;
  /** Decorators other than `@lmql.query`, kept so the checker can report them. */
  readonly decorators: readonly Expr[];
  readonly lmqlDocstring: boolean;
  /** Arguments of `@lmql.query(...)`, e.g. `model="chatgpt"`. */
  readonly queryOptions?: readonly Argument[];
  /**
   * The clauses of a classic query written inside the `'''lmql` docstring (LMQL compiles a docstring
   * like a query file: `argmax`/`sample(...)` line, indented body, `from`, `where`, `distribution`).
   * Absent when the docstring has none.
   */
  readonly clauses?: QueryClauses;
  readonly span: Span;
}

/**
 * Python we parse but do not run: `import`, `from .. import`, `class`, `try`, `with`, `global`,
 * `nonlocal`, `del`, `raise`, `yield`, decorators on non-query code. The checker reports it
 * ("not supported in lmql-ts: ...") at `span`; `keywordSpan` points at the keyword itself.
 */
export interface UnsupportedStmt {
  readonly kind: "unsupported";
  readonly construct: UnsupportedConstruct;
  readonly keywordSpan: Span;
  readonly span: Span;
}
export type UnsupportedConstruct =
  | "import"
  | "class"
  | "try"
  | "with"
  | "global"
  | "nonlocal"
  | "del"
  | "raise"
  | "yield"
  | "decorator"
  | "match";

// ---------------------------------------------------------------- the query

/** `argmax`, `sample(n=2, temperature=0.7)`, `beam(n=3)`, `best_k(n=2)` … (name checked later). */
export interface DecoderClause { readonly name: string; readonly nameSpan: Span; readonly args: readonly Argument[]; readonly span: Span }
/** `from "model-id"` or `from lmql.model("id", key=value, ...)`. */
export interface ModelClause { readonly expr: Expr; readonly span: Span }
/** `distribution VAR in [options]`. */
export interface DistributionClause { readonly variable: string; readonly variableSpan: Span; readonly options: Expr; readonly span: Span }

/** The clauses around a query's program; each is optional. */
export interface QueryClauses {
  readonly decoder?: DecoderClause;
  readonly model?: ModelClause;
  readonly where?: Expr;
  readonly distribution?: DistributionClause;
}

/**
 * A whole `.lmql` file or template. Classic form: decoder, indented body, `from`, `where`,
 * `distribution`. Modern form: an optional decoder line, then statements; an inline
 * `distribution` on the last prompt is moved here by the parser.
 * Python statements written before the decoder line (LMQL's prologue: `import lmql`, helper
 * `def`s, assignments) are the first statements of `body`, in source order; the decoder clause's
 * span lies after them. Clause keywords are read in any case; `decoder.name` is lowercase.
 */
export interface Query extends QueryClauses {
  readonly kind: "query";
  readonly body: readonly Stmt[];
  readonly span: Span;
}

export type Node = Query | Stmt | Expr | PromptSegment;
