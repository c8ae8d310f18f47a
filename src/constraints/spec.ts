/**
 * The constraint shapes the mask engine understands, independent of the query syntax.
 * ir/ lowers a hole's `where` clause (inline, global, and the hole's type) into one ConstraintSpec;
 * everything here is about the *value* of a single hole (the text the model generates for it).
 */
export type LengthOp = "<" | "<=" | ">" | ">=" | "==" | "!=";

export type ConstraintSpec =
  /** No restriction. */
  | { readonly kind: "true" }
  /** Never satisfiable (e.g. lowered from `X in []`). */
  | { readonly kind: "false" }
  /** The whole value matches a JS-syntax regex (implicitly anchored at both ends). */
  | { readonly kind: "regex"; readonly pattern: string }
  /** `X in [..]`: the value is one of the options, exactly. */
  | { readonly kind: "choice"; readonly options: readonly string[] }
  /** `INT(X)` / `[X: int]`: an optional `-` then digits. */
  | { readonly kind: "int" }
  /** `FLOAT(X)` / `[X: float]`: `-?[0-9]+(\.[0-9]+)?`. */
  | { readonly kind: "float" }
  /** `STOPS_AT(X, s)`: the value ends as soon as it contains `s`; `s` is part of the value. */
  | { readonly kind: "stopsAt"; readonly stop: string }
  /** `STOPS_BEFORE(X, s)`: generation ends when `s` appears; the value excludes `s`. */
  | { readonly kind: "stopsBefore"; readonly stop: string }
  /** `len(X) op n`, in characters (Unicode code points). */
  | { readonly kind: "charLength"; readonly op: LengthOp; readonly n: number }
  /** `len(TOKENS(X)) op n`, in model tokens. */
  | { readonly kind: "tokenLength"; readonly op: LengthOp; readonly n: number }
  /** `len(WORDS(X)) op n`, words = maximal runs of non-whitespace. */
  | { readonly kind: "wordLength"; readonly op: LengthOp; readonly n: number }
  /** `X.startswith(s)`. */
  | { readonly kind: "startsWith"; readonly prefix: string }
  /** `X.endswith(s)`. */
  | { readonly kind: "endsWith"; readonly suffix: string }
  /** `s in X`. */
  | { readonly kind: "contains"; readonly text: string }
  /** `X == s`. */
  | { readonly kind: "equals"; readonly text: string }
  | { readonly kind: "and"; readonly parts: readonly ConstraintSpec[] }
  | { readonly kind: "or"; readonly parts: readonly ConstraintSpec[] }
  | { readonly kind: "not"; readonly part: ConstraintSpec };
