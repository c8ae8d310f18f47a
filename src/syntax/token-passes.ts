/**
 * Passes over the raw code tokens before the layout pass: LMQL's clause keywords in any case, and
 * clear diagnostics for two Python spellings that would otherwise give baffling parse errors.
 */
import type { IToken, TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { syntaxErrors } from "./errors.js";
import * as T from "./tokens.js";
import { closers, Distribution, From, Newline, openers, StringLiteral, Where } from "./tokens.js";

/** Tokens that can end an expression (after them a new line may start a new statement). */
export const COMPLETE: ReadonlySet<TokenType> = new Set([
  T.Identifier, T.NumberLiteral, T.StringLiteral, T.RParen, T.RBracket, T.RCurly, T.None, T.True, T.False, T.Ellipsis, T.Pass, T.Break, T.Continue,
]);

/** `name := value` is reported once and parsed as `value`, so no parse errors follow from it. */
export function withoutWalrus(tokens: IToken[], diagnostics: Diagnostic[]): IToken[] {
  if (!tokens.some((t) => t.tokenType === T.Walrus)) return tokens;
  const out: IToken[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (t.tokenType !== T.Walrus || prev?.tokenType !== T.Identifier) {
      out.push(t);
      continue;
    }
    out.pop();
    diagnostics.push(syntaxErrors.walrus(prev.startOffset, t.startOffset + t.image.length));
  }
  return out;
}

/**
 * `"{d["k"]}"` where the string is not a prompt (code, or after `if x:`): Python ends the string at
 * the inner quote, and the name glued to it gives a baffling parse error. Say what happened instead.
 */
export function sameQuoteNesting(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1]!;
    if (t.tokenType !== StringLiteral || next.startOffset !== t.startOffset + t.image.length) continue;
    if (next.tokenType !== T.Identifier && next.tokenType !== T.NumberLiteral) continue;
    const q = /^[rRfFbBuU]{0,2}(["'])/.exec(t.image)?.[1];
    if (q === undefined || t.image.endsWith(q + q + q)) continue;
    const opens = (t.image.match(/\{/g) ?? []).length - (t.image.match(/\}/g) ?? []).length;
    if (opens <= 0) continue;
    out.push(syntaxErrors.nestedSameQuote(t.startOffset, next.startOffset + next.image.length, q));
  }
  return out;
}

/** LMQL splits a query into clauses on these words in any case (`FROM`, `Where`, `DISTRIBUTION`). */
const CLAUSE_WORDS: ReadonlyMap<string, TokenType> = new Map([
  ["from", From],
  ["where", Where],
  ["distribution", Distribution],
]);
/**
 * What may follow a clause keyword that starts a line (`FROM "gpt2"`, `WHERE len(X) < 3`,
 * `WHERE (...)`, or `FROM` alone with the model on the next, indented line).
 */
const CLAUSE_OPERAND: ReadonlySet<TokenType> = new Set([T.Identifier, StringLiteral, T.NumberLiteral, T.Not, T.LParen, T.Minus, Newline]);

/**
 * Turns a clause word written in another case into its keyword where a clause can start: first on a
 * line before an operand (so `Where = 1` stays an assignment), or right after a complete expression
 * (`"..." FROM "gpt2"`, where a name could not follow in Python anyway). Lowercase spellings are
 * keywords already.
 */
export function clauseKeywords(tokens: IToken[]): void {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (openers.has(t.tokenType)) depth++;
    else if (closers.has(t.tokenType)) depth = Math.max(0, depth - 1);
    if (depth > 0 || t.tokenType !== T.Identifier) continue;
    const keyword = CLAUSE_WORDS.get(t.image.toLowerCase());
    if (keyword === undefined) continue;
    const prev = tokens[i - 1]?.tokenType;
    const next = tokens[i + 1]?.tokenType;
    const lineStart = prev === undefined || prev === Newline;
    if ((lineStart && next !== undefined && CLAUSE_OPERAND.has(next)) || (prev !== undefined && COMPLETE.has(prev))) retype(t, keyword);
  }
}

/** The parser matches on `tokenTypeIdx`, so both fields change. */
function retype(t: IToken, type: TokenType): void {
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
}
