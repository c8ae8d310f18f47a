/**
 * Token types of the code lexer. Layout tokens (NEWLINE, INDENT, DEDENT) have no pattern: the layout
 * pass in lexer.ts inserts them from the physical newlines and indentation.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";
import { scanString } from "./string-scan.js";

const IDENT_START = "A-Za-z_\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF";
export const Identifier = createToken({
  name: "Identifier",
  label: "a name",
  pattern: new RegExp(`[${IDENT_START}][${IDENT_START}0-9]*`),
});

// ---------------------------------------------------------------- layout and trivia

export const Newline = createToken({ name: "Newline", label: "end of line", pattern: /\r\n?|\n/, line_breaks: true });
export const Indent = createToken({ name: "Indent", label: "indentation", pattern: Lexer.NA });
export const Dedent = createToken({ name: "Dedent", label: "end of indented block", pattern: Lexer.NA });
/** A byte order mark counts as whitespace: editors on Windows write one at the start of files. */
export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });
/** `\` then (LMQL's docs do this) optional trailing spaces, then the line break. */
export const LineContinuation = createToken({
  name: "LineContinuation",
  pattern: /\\[ \t]*(?:\r\n?|\n)/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

// ---------------------------------------------------------------- literals

/** Whether the previous tokens put a string in statement position, where it may be a prompt. */
function inStatementPosition(tokens: readonly IToken[]): boolean {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return true;
  const t = last.tokenType;
  if (t === Newline || t === Semicolon || t === StringLiteral) return true;
  // `argmax "..." from "gpt2"`: a decoder name alone at the start of the line.
  if (t === Identifier) {
    const before = tokens[tokens.length - 2];
    return before === undefined || before.tokenType === Newline;
  }
  return false;
}

/** Payload of a string token: whether its closing delimiter was found. */
export interface StringPayload {
  readonly terminated: boolean;
}

export const StringLiteral = createToken({
  name: "StringLiteral",
  label: "a string",
  line_breaks: true,
  start_chars_hint: ['"', "'", "r", "R", "f", "F", "b", "B", "u", "U"],
  pattern: {
    exec: (text: string, offset: number, tokens: IToken[]) => {
      const c = text[offset];
      if (c !== '"' && c !== "'" && !/[rRfFbBuU]/.test(c ?? "")) return null;
      const shape = scanString(text, offset, inStatementPosition(tokens));
      if (shape === undefined) return null;
      const result: [string] & { payload?: StringPayload } = [text.slice(offset, shape.end)];
      result.payload = { terminated: shape.terminated };
      return result;
    },
  },
});

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  label: "a number",
  pattern:
    /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?/,
});

/** Binary operators of the flat operator-precedence rule; precedence is applied in cst-to-ast. */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });
// ---------------------------------------------------------------- keywords

function keyword(word: string, binary = false): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    label: `'${word}'`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    ...(binary ? { categories: [BinaryOperator] } : {}),
  });
}

export const And = keyword("and", true);
export const As = keyword("as");
export const Assert = keyword("assert");
export const Async = keyword("async");
export const Await = keyword("await");
export const Break = keyword("break");
export const Class = keyword("class");
export const Continue = keyword("continue");
export const Def = keyword("def");
export const Del = keyword("del");
export const Distribution = keyword("distribution");
export const Elif = keyword("elif");
export const Else = keyword("else");
export const Except = keyword("except");
export const False = keyword("False");
export const Finally = keyword("finally");
export const For = keyword("for");
export const From = keyword("from");
export const Global = keyword("global");
export const If = keyword("if");
export const Import = keyword("import");
export const In = keyword("in", true);
export const Is = keyword("is", true);
export const Lambda = keyword("lambda");
export const None = keyword("None");
export const Nonlocal = keyword("nonlocal");
export const Not = keyword("not");
export const Or = keyword("or", true);
export const Pass = keyword("pass");
export const Raise = keyword("raise");
export const Return = keyword("return");
export const True = keyword("True");
export const Try = keyword("try");
export const Where = keyword("where");
export const While = keyword("while");
export const With = keyword("with");
export const Yield = keyword("yield");

// ---------------------------------------------------------------- operators and punctuation

/** `+=`, `-=`, ... */
export const AugAssign = createToken({ name: "AugAssign", label: "an augmented assignment", pattern: /(?:\*\*|\/\/|>>|<<|[-+*/%&|^@])=/ });

function op(name: string, image: string, binary = false): TokenType {
  const escaped = image.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return createToken({
    name,
    label: `'${image}'`,
    pattern: new RegExp(escaped),
    ...(binary ? { categories: [BinaryOperator] } : {}),
  });
}

export const Ellipsis = op("Ellipsis", "...");
export const Arrow = op("Arrow", "->");
export const Walrus = op("Walrus", ":=");
export const DoubleStar = op("DoubleStar", "**", true);
export const DoubleSlash = op("DoubleSlash", "//", true);
export const ShiftLeft = op("ShiftLeft", "<<", true);
export const ShiftRight = op("ShiftRight", ">>", true);
export const LessEqual = op("LessEqual", "<=", true);
export const GreaterEqual = op("GreaterEqual", ">=", true);
export const EqualEqual = op("EqualEqual", "==", true);
export const NotEqual = op("NotEqual", "!=", true);
export const Less = op("Less", "<", true);
export const Greater = op("Greater", ">", true);
export const Plus = op("Plus", "+", true);
export const Minus = op("Minus", "-", true);
export const Star = op("Star", "*", true);
export const Slash = op("Slash", "/", true);
export const Percent = op("Percent", "%", true);
export const At = op("At", "@", true);
export const Ampersand = op("Ampersand", "&", true);
export const Pipe = op("Pipe", "|", true);
export const Caret = op("Caret", "^", true);
export const Tilde = op("Tilde", "~");
export const Assign = op("Assign", "=");
export const LParen = op("LParen", "(");
export const RParen = op("RParen", ")");
export const LBracket = op("LBracket", "[");
export const RBracket = op("RBracket", "]");
export const LCurly = op("LCurly", "{");
export const RCurly = op("RCurly", "}");
export const Comma = op("Comma", ",");
export const Colon = op("Colon", ":");
export const Semicolon = op("Semicolon", ";");
export const Dot = op("Dot", ".");

/** Longest first, so `assert` is not read as `as` followed by a name. */
const keywords = [
  And, As, Assert, Async, Await, Break, Class, Continue, Def, Del, Distribution, Elif, Else, Except, False,
  Finally, For, From, Global, If, Import, In, Is, Lambda, None, Nonlocal, Not, Or, Pass, Raise, Return, True,
  Try, Where, While, With, Yield,
].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length);


/** Order matters: longer operators before their prefixes, strings before names (prefixes `r"..."`). */
export const allTokens: TokenType[] = [
  Newline,
  Whitespace,
  Comment,
  LineContinuation,
  StringLiteral,
  NumberLiteral,
  ...keywords,
  Identifier,
  AugAssign,
  Ellipsis,
  Arrow,
  Walrus,
  DoubleStar,
  DoubleSlash,
  ShiftLeft,
  ShiftRight,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  Less,
  Greater,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  At,
  Ampersand,
  Pipe,
  Caret,
  Tilde,
  Assign,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Colon,
  Semicolon,
  Dot,
];

/** Everything the parser may see: the lexed tokens plus the layout tokens and the category. */
export const parserTokens: TokenType[] = [...allTokens, Indent, Dedent, BinaryOperator];

export const openers: ReadonlySet<TokenType> = new Set([LParen, LBracket, LCurly]);
export const closers: ReadonlySet<TokenType> = new Set([RParen, RBracket, RCurly]);
