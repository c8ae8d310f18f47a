/**
 * The code lexer: Chevrotain splits the text into tokens (string literals whole, see string-scan.ts),
 * then a layout pass turns physical lines into Python's logical lines: NEWLINE at the end of each
 * logical line, INDENT/DEDENT when the indentation changes, nothing inside brackets or after `\`.
 */
import { createTokenInstance, Lexer, type ILexingError, type IToken, type TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { syntaxErrors } from "./errors.js";
import {
  allTokens,
  At,
  Elif,
  Else,
  Except,
  Finally,
  closers,
  Dedent,
  Distribution,
  Ellipsis,
  From,
  Indent,
  Newline,
  openers,
  StringLiteral,
  Where,
  type StringPayload,
} from "./tokens.js";
import * as T from "./tokens.js";
import { SKIP_GRAMMAR_VALIDATIONS } from "./validation-mode.js";
import { clauseKeywords, COMPLETE, sameQuoteNesting, withoutWalrus } from "./token-passes.js";

const codeLexer = new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: false, skipValidations: SKIP_GRAMMAR_VALIDATIONS });

/** Brackets nested deeper than this are cut out (one diagnostic) so the parser cannot overflow the stack. */
export const MAX_NESTING = 50;
/** Blocks nested deeper than this count as this deep (one diagnostic); error recovery needs stack too. */
export const MAX_BLOCK_NESTING = 50;

export interface LexOptions {
  /** Lex `text.slice(start, end)`; token offsets stay offsets into `text`. */
  readonly start?: number;
  readonly end?: number;
  /** `file`: logical lines and indentation; `expression`: one expression, line breaks ignored. */
  readonly mode: "file" | "expression";
  /** Indentation every line shares and that counts as column zero (an `lmql` docstring's). */
  readonly baseIndent?: string;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function lex(text: string, options: LexOptions): LexResult {
  const start = options.start ?? 0;
  const end = options.end ?? text.length;
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  const result = codeLexer.tokenize(piece);
  const diagnostics: Diagnostic[] = lexingErrors(result.errors, piece, start);
  for (const t of result.tokens) {
    // "onlyOffset" tracking records start offsets only; CST node locations need the ends too.
    t.startOffset += start;
    t.endOffset = t.startOffset + t.image.length - 1;
    if (t.tokenType === StringLiteral && (t.payload as StringPayload | undefined)?.terminated === false) {
      diagnostics.push(syntaxErrors.unterminatedString(t.startOffset, t.startOffset + t.image.length, t.image));
    }
  }
  if (options.mode === "file") clauseKeywords(result.tokens);
  diagnostics.push(...sameQuoteNesting(result.tokens));
  const tokens = withoutWalrus(result.tokens, diagnostics);
  const layout = new Layout(text, options, diagnostics);
  for (const t of tokens) layout.push(t);
  layout.finish(end);
  return { tokens: layout.out, diagnostics };
}

/** Tokens that continue the statement before them at the same indentation. */
const CONTINUATIONS: ReadonlySet<TokenType> = new Set([Elif, Else, Except, Finally, Indent, Dedent]);

/**
 * Splits a file's tokens into top-level statements (a decorated def stays with its decorators).
 * Parsing them one by one lets each CST die young, which keeps long files fast, and confines error
 * recovery to one statement.
 */
export function topLevelChunks(tokens: readonly IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let lineStartsWithAt = false;
  let atLineStart = true;
  for (const t of tokens) {
    const type = t.tokenType;
    if (atLineStart && !CONTINUATIONS.has(type)) {
      if (depth === 0 && current.length > 0 && !lineStartsWithAt) {
        chunks.push(current);
        current = [];
      }
      lineStartsWithAt = type === At;
    }
    current.push(t);
    if (type === Indent) depth++;
    else if (type === Dedent) depth = Math.max(0, depth - 1);
    atLineStart = type === Newline || type === Indent || type === Dedent;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** Past this many, more unexpected characters only repeat that the input is not lmql. */
const MAX_LEXING_ERRORS = 50;

function lexingErrors(errors: readonly ILexingError[], piece: string, shift: number): Diagnostic[] {
  const merged: { offset: number; length: number }[] = [];
  for (const e of errors) {
    if (merged.length > MAX_LEXING_ERRORS) break;
    const last = merged[merged.length - 1];
    if (last !== undefined && last.offset + last.length === e.offset) last.length += e.length;
    else merged.push({ offset: e.offset, length: e.length });
  }
  return merged.map((m) => syntaxErrors.unexpectedCharacters(m.offset + shift, m.offset + m.length + shift, piece.slice(m.offset, m.offset + m.length)));
}

function token(type: TokenType, image: string, start: number, end: number): IToken {
  return createTokenInstance(type, image, start, end - 1, NaN, NaN, NaN, NaN);
}

/** Offset of the start of the physical line holding `offset`. */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

/** Keywords that can only start a statement, never continue an expression inside brackets. */
const STATEMENT_KEYWORDS: ReadonlySet<TokenType> = new Set([
  T.Def, T.Class, T.Return, T.Import, T.Pass, T.Break, T.Continue, T.While, T.Elif, T.Try, T.With, T.Global, T.Nonlocal, T.Del, T.Raise, T.Assert, T.Where, T.Distribution,
]);

class Layout {
  readonly out: IToken[] = [];
  private readonly indents: string[] = [""];
  private depth = 0;
  private atLineStart = true;
  private pendingNewline: IToken | undefined;
  /** A `where`/`distribution`/`from` clause line swallows the more-indented lines after it. */
  private absorbIndent: string | undefined;
  private lineIndent = "";
  private firstOfLine = true;
  /** While cutting out an over-deep bracket group: its start and the depth it closes at. */
  private cut: { start: number; depth: number } | undefined;
  /** The first line break inside the current brackets, and the indentation of the line that opened them. */
  private newlineInBrackets: IToken | undefined;
  private openerIndent = "";
  /** While leaving out lines nested too deep: the indentation width they must return to. */
  private skipDeeperThan: number | undefined;

  constructor(
    private readonly text: string,
    private readonly options: LexOptions,
    private readonly diagnostics: Diagnostic[],
  ) {}

  push(t: IToken): void {
    if (this.cut !== undefined) return this.skipDeep(t);
    if (t.tokenType === Newline) return this.newline(t);
    if (this.newlineInBrackets !== undefined) this.maybeUnclosed(t);
    if (this.skipDeeperThan !== undefined && !this.leavesDeepBlock(t)) return;
    if (this.atLineStart && this.options.mode === "file") this.startLine(t);
    this.atLineStart = false;
    if (this.skipDeeperThan !== undefined) return this.trackBrackets(t);
    if (openers.has(t.tokenType)) {
      if (this.depth >= MAX_NESTING) {
        this.cut = { start: t.startOffset, depth: this.depth };
        this.depth++;
        this.diagnostics.push(syntaxErrors.nestingTooDeep(t.startOffset, t.startOffset + 1, MAX_NESTING));
        return;
      }
      if (this.depth === 0) this.openerIndent = this.lineIndent;
      this.depth++;
    } else if (closers.has(t.tokenType)) {
      this.depth = Math.max(0, this.depth - 1);
    } else if (this.depth === 0 && (t.tokenType === Where || t.tokenType === Distribution || (t.tokenType === From && this.firstOfLine))) {
      this.absorbIndent ??= this.lineIndent;
    }
    this.firstOfLine = false;
    this.out.push(t);
  }

  private skipDeep(t: IToken): void {
    const cut = this.cut!;
    if (openers.has(t.tokenType)) this.depth++;
    else if (closers.has(t.tokenType)) this.depth--;
    if (this.depth === cut.depth) {
      this.out.push(token(Ellipsis, "...", cut.start, t.startOffset + t.image.length));
      this.cut = undefined;
    }
  }

  private newline(t: IToken): void {
    if (this.options.mode === "expression") return;
    if (this.depth > 0) {
      this.newlineInBrackets ??= t;
      return;
    }
    if (!this.atLineStart) this.pendingNewline = t;
    this.atLineStart = true;
  }

  /**
   * An unclosed bracket would swallow the rest of the file. A line inside brackets that starts with
   * a statement keyword, or no deeper than the bracket's own line with a name or string right after
   * a complete line, is taken to start a new statement: the parser then reports the bracket.
   */
  private maybeUnclosed(t: IToken): void {
    const newline = this.newlineInBrackets!;
    this.newlineInBrackets = undefined;
    const from = lineStart(this.text, t.startOffset);
    const before = this.text.slice(from, t.startOffset);
    if (!/^[ \t\f]*$/.test(before)) return;
    const shallow = before.length <= this.openerIndent.length + (this.options.baseIndent?.length ?? 0);
    const prev = this.out[this.out.length - 1]?.tokenType;
    const complete = prev !== undefined && COMPLETE.has(prev);
    const startsStatement = complete && shallow && (t.tokenType === T.Identifier || t.tokenType === StringLiteral);
    // `if`/`for` may continue an expression, but never right after an operator or a comma.
    const compound = (t.tokenType === T.If || t.tokenType === T.For) && !complete && prev !== undefined && !openers.has(prev);
    if (!STATEMENT_KEYWORDS.has(t.tokenType) && !startsStatement && !compound) return;
    this.depth = 0;
    this.pendingNewline = newline;
    this.atLineStart = true;
  }

  /** Whether `t` starts a line no deeper than the block nesting limit, which ends the skipping. */
  private leavesDeepBlock(t: IToken): boolean {
    if (!this.atLineStart || this.depth > 0) {
      this.trackBrackets(t);
      this.atLineStart = false;
      return false;
    }
    const from = lineStart(this.text, t.startOffset);
    const width = /^[ \t\f]*/.exec(this.text.slice(from, t.startOffset))![0].length - (this.options.baseIndent?.length ?? 0);
    if (width > this.skipDeeperThan!) {
      this.atLineStart = false;
      return false;
    }
    this.skipDeeperThan = undefined;
    return true;
  }

  private trackBrackets(t: IToken): void {
    if (openers.has(t.tokenType)) this.depth++;
    else if (closers.has(t.tokenType)) this.depth = Math.max(0, this.depth - 1);
  }

  private startLine(t: IToken): void {
    // Only whitespace counts: characters the lexer rejected may sit before the first token.
    const from = lineStart(this.text, t.startOffset);
    const indent = /^[ \t\f]*/.exec(this.text.slice(from, t.startOffset))![0];
    const base = this.options.baseIndent ?? "";
    const relative = indent.startsWith(base) ? indent.slice(base.length) : "";
    const absorb = this.absorbIndent;
    if (absorb !== undefined && relative.length > absorb.length && relative.startsWith(absorb)) return;
    this.absorbIndent = undefined;
    // A DEDENT sits where the previous line ends, so a block's span ends with its last line.
    const lineBreak = this.pendingNewline?.startOffset ?? from + indent.length;
    if (this.pendingNewline !== undefined && this.out.length > 0 && this.out[this.out.length - 1]!.tokenType !== Newline) {
      const n = this.pendingNewline;
      // Zero width, so that a statement's span ends with its last character, not the line break.
      this.out.push(token(Newline, "", n.startOffset, n.startOffset));
    }
    this.pendingNewline = undefined;
    this.firstOfLine = true;
    if (!indent.startsWith(base)) this.diagnostics.push(syntaxErrors.outdentedDocstringLine(from, Math.max(from + 1, from + indent.length)));
    this.indentTo(relative, from + indent.length, lineBreak);
  }

  private indentTo(indent: string, at: number, dedentAt: number): void {
    this.lineIndent = indent;
    const top = this.indents[this.indents.length - 1]!;
    if (indent === top) return;
    if (indent.startsWith(top)) {
      if (this.indents.length > MAX_BLOCK_NESTING) {
        // Lines deeper than the limit are left out; the parser reports the block they leave empty.
        this.diagnostics.push(syntaxErrors.blocksTooDeep(at - indent.length, at, MAX_BLOCK_NESTING));
        this.skipDeeperThan = top.length;
        return;
      }
      this.indents.push(indent);
      this.out.push(token(Indent, indent, at - indent.length, at));
      return;
    }
    const level = this.indents.lastIndexOf(indent);
    if (level < 0) this.diagnostics.push(this.indentError(indent, at));
    while (this.indents.length > 1 && (level >= 0 ? this.indents.length - 1 > level : this.indents[this.indents.length - 1]!.length > indent.length)) {
      this.indents.pop();
      this.out.push(token(Dedent, "", dedentAt, dedentAt));
    }
  }

  private indentError(indent: string, at: number): Diagnostic {
    const from = at - indent.length;
    const mixed = /\t/.test(indent) !== this.indents.some((s) => /\t/.test(s)) || this.indents.some((s) => s.length === indent.length);
    return mixed && /\t/.test(indent + this.indents.join(""))
      ? syntaxErrors.tabsAndSpaces(from, at)
      : syntaxErrors.inconsistentDedent(from, at);
  }

  finish(end: number): void {
    if (this.cut !== undefined) {
      this.out.push(token(Ellipsis, "...", this.cut.start, end));
      this.cut = undefined;
    }
    if (this.options.mode === "expression") return;
    const last = this.out[this.out.length - 1];
    if (last !== undefined && last.tokenType !== Newline) {
      const n = this.pendingNewline;
      this.out.push(token(Newline, "", n?.startOffset ?? end, n?.startOffset ?? end));
    }
    const lineBreak = this.out[this.out.length - 1]?.startOffset ?? end;
    while (this.indents.length > 1) {
      this.indents.pop();
      this.out.push(token(Dedent, "", lineBreak, lineBreak));
    }
  }
}
