/** What the checker hands to later phases (lowering, the interpreter, the CLI). */
import type { Source, Span } from "../diagnostics/diagnostic.js";
import type { CallExpr, FunctionDef, HoleSegment, PromptStmt, Query, UnsupportedStmt } from "../syntax/ast.js";

/** The value type of a hole, decided from its `[NAME: type]` annotation. */
export type HoleValueType =
  | { readonly kind: "str" }
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "regex"; readonly pattern: string }
  /**
   * `[X: fn]` / `[X: fn(args)]`: the hole is filled by calling `fn`. `source` says where `fn` comes
   * from: a query function defined in the file, a `def f(...): ...` declaration the host fills, or
   * an undefined name (an input the host must provide as a function).
   */
  | { readonly kind: "query"; readonly function: string; readonly source: "query" | "host" | "input"; readonly call?: CallExpr }
  /** The annotation was wrong (an error was reported); treat the value as a string. */
  | { readonly kind: "invalid" };

export interface HoleInfo {
  readonly name: string;
  readonly span: Span;
  readonly type: HoleValueType;
  /** The function whose body holds the hole; undefined at top level. */
  readonly scope: string | undefined;
  readonly segment: HoleSegment;
}

/**
 * `query`: its body holds prompt statements (a nested query, `@lmql.query` included);
 * `host`: its body is only `...`, the embedding program provides it;
 * `python`: ordinary code.
 */
export type FunctionKind = "query" | "host" | "python";

export interface FunctionInfo {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly params: readonly string[];
  readonly span: Span;
  readonly def: FunctionDef;
  /**
   * A plain-text string opening the body of a host or Python function: Python reads it as a
   * docstring, so it is no prompt (in a query function every string is a prompt).
   */
  readonly docstring: PromptStmt | undefined;
}

export interface CheckedQuery {
  readonly query: Query;
  /** Names read but never defined, in order of first use: the values the caller must supply. */
  readonly inputs: readonly string[];
  /** Where each input is first read (where a missing value is best reported). */
  readonly inputSpans: ReadonlyMap<string, Span>;
  /** Every hole occurrence, top level and inside functions, in source order. */
  readonly holes: readonly HoleInfo[];
  /** Every function defined in the file (at any depth), in source order. */
  readonly functions: readonly FunctionInfo[];
  /** `import lmql` / `from lmql import ...` statements: accepted, and dropped by the lowering. */
  readonly libraryImports: ReadonlySet<UnsupportedStmt>;
}

export interface CheckOptions {
  /** Names the caller will supply (e.g. `--arg`): still inputs, but not warned about. */
  readonly inputs?: readonly string[];
  /** Functions registered from TypeScript: known names, never inputs. */
  readonly hostFunctions?: readonly string[];
  /** The text the query was parsed from, when there is one: lets the checker accept `import lmql`. */
  readonly source?: Source;
}
