/** Reserved words: Python's, plus LMQL's clause keywords `where` and `distribution`. */

/** Keywords that open or separate a query's clauses (`argmax ... from ... where ... distribution ...`). */
export const CLAUSE_KEYWORDS = ["from", "where", "distribution"] as const;

/** Words that are never names; the lexer has one keyword token per word. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "distribution",
  "elif", "else", "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is",
  "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True", "try", "where", "while",
  "with", "yield",
]);
