/**
 * Every syntax error: a stable code (E100–E199) and one message factory each. Tests match on codes;
 * the messages are for people.
 */
import { error, span, type Diagnostic } from "../diagnostics/diagnostic.js";
import { editDistance } from "../diagnostics/suggest.js";
import { CLAUSE_KEYWORDS } from "../language/index.js";

function show(text: string): string {
  const short = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return JSON.stringify(short);
}

export const syntaxCodes = {
  unexpectedCharacters: "E100",
  unterminatedString: "E101",
  inconsistentDedent: "E102",
  tabsAndSpaces: "E103",
  outdentedDocstringLine: "E104",
  nestingTooDeep: "E105",
  tooComplex: "E106",
  blocksTooDeep: "E107",
  unexpectedToken: "E110",
  noViableAlternative: "E111",
  expectedOneOrMore: "E112",
  unexpectedAfterEnd: "E113",
  unexpectedIndent: "E114",
  expectedIndentedBlock: "E115",
  unterminatedInterpolation: "E120",
  unterminatedHole: "E121",
  invalidHole: "E122",
  emptyInterpolation: "E123",
  misplacedClause: "E130",
  duplicateClause: "E131",
  whereWithoutPrompt: "E132",
  misplacedDistribution: "E133",
  invalidTarget: "E134",
  invalidDisplay: "E135",
  invalidNumber: "E136",
  badArgumentOrder: "E137",
  promptBeforeDecoder: "E138",
  walrus: "E139",
  nestedSameQuote: "E140",
} as const;

const c = syntaxCodes;

export const syntaxErrors = {
  unexpectedCharacters: (start: number, end: number, text: string): Diagnostic =>
    error(c.unexpectedCharacters, `unexpected character${end - start > 1 ? "s" : ""} ${show(text)}`, span(start, end),
      /[^\x00-\x7f]/.test(text)
        ? "outside strings and comments only ASCII operators and letters are allowed; put text in a prompt string"
        : "remove it, or put it inside a string or a comment"),
  unterminatedString: (start: number, end: number, image: string): Diagnostic => {
    const triple = /^[rRfFbBuU]{0,2}("""|''')/.test(image);
    return error(c.unterminatedString, triple ? "unterminated triple-quoted string" : "unterminated string", span(start, end),
      triple ? "close it with the same three quotes it was opened with"
        : "close the string on the same line, use a triple-quoted string, or end the line with \\ to continue it");
  },
  inconsistentDedent: (start: number, end: number): Diagnostic =>
    error(c.inconsistentDedent, "unindent does not match any outer indentation level", span(start, end),
      "indent this line exactly like the block it belongs to"),
  tabsAndSpaces: (start: number, end: number): Diagnostic =>
    error(c.tabsAndSpaces, "inconsistent use of tabs and spaces in indentation", span(start, end),
      "indent with spaces only (or tabs only) throughout the file"),
  outdentedDocstringLine: (start: number, end: number): Diagnostic =>
    error(c.outdentedDocstringLine, "line is indented less than the start of the lmql docstring", span(start, end),
      "indent every line of the query at least as far as its first line"),
  nestingTooDeep: (start: number, end: number, max: number): Diagnostic =>
    error(c.nestingTooDeep, `brackets nested more than ${max} deep`, span(start, end), "split the expression into smaller parts with variables"),
  blocksTooDeep: (start: number, end: number, max: number): Diagnostic =>
    error(c.blocksTooDeep, `blocks nested more than ${max} deep`, span(start, end), "move the inner part into a function"),
  tooComplex: (start: number, end: number): Diagnostic =>
    error(c.tooComplex, "this code is nested too deeply to parse", span(start, end), "split deeply nested statements or expressions into smaller parts"),
  unexpectedToken: (start: number, end: number, found: string, expected: string): Diagnostic =>
    error(c.unexpectedToken, `expected ${expected} but found ${found}`, span(start, end)),
  noViableAlternative: (start: number, end: number, found: string, context: string): Diagnostic =>
    error(c.noViableAlternative, `expected ${context} but found ${found}`, span(start, end), hintFor(found)),
  expectedOneOrMore: (start: number, end: number, found: string, context: string): Diagnostic =>
    error(c.expectedOneOrMore, `expected ${context} but found ${found}`, span(start, end), hintFor(found)),
  unexpectedAfterEnd: (start: number, end: number, found: string): Diagnostic =>
    error(c.unexpectedAfterEnd, `unexpected ${found}`, span(start, end), hintFor(found)),
  unexpectedIndent: (start: number, end: number): Diagnostic =>
    error(c.unexpectedIndent, "unexpected indentation", span(start, end),
      "indent only the body of if/for/while/def or a classic query's decoder; continue a long line with \\"),
  expectedIndentedBlock: (start: number, end: number): Diagnostic =>
    error(c.expectedIndentedBlock, "expected an indented block", span(start, end), "indent the lines of the body under the line ending in ':'"),
  unterminatedInterpolation: (start: number, end: number): Diagnostic =>
    error(c.unterminatedInterpolation, "unterminated '{' in prompt", span(start, end), "close it with '}', or write '{{' for a literal brace"),
  unterminatedHole: (start: number, end: number): Diagnostic =>
    error(c.unterminatedHole, "unterminated '[' in prompt", span(start, end), "close the hole with ']', or write '[[' for a literal bracket"),
  invalidHole: (start: number, end: number, content: string): Diagnostic =>
    error(c.invalidHole, `${show(content)} is not a hole`, span(start, end),
      "a hole is [NAME], [NAME: type] or [@decorator NAME]; write '[[' and ']]' for literal brackets"),
  emptyInterpolation: (start: number, end: number): Diagnostic =>
    error(c.emptyInterpolation, "empty '{}' in prompt", span(start, end), "put an expression inside, or write '{{}}' for literal braces"),
  misplacedClause: (start: number, end: number, clause: string): Diagnostic =>
    error(c.misplacedClause, `'${clause}' clause inside a block`, span(start, end),
      `a query's '${clause}' clause belongs at the top level, after the query body`),
  duplicateClause: (start: number, end: number, clause: string): Diagnostic =>
    error(c.duplicateClause, `second '${clause}' clause`, span(start, end), `a query has at most one '${clause}' clause; combine them`),
  whereWithoutPrompt: (start: number, end: number): Diagnostic =>
    error(c.whereWithoutPrompt, "'where' follows something that is not a prompt string", span(start, end),
      "a 'where' constraint follows a prompt string: \"...[X]\" where len(X) < 10"),
  misplacedDistribution: (start: number, end: number): Diagnostic =>
    error(c.misplacedDistribution, "'distribution' is only allowed after the last prompt of the query", span(start, end),
      "move the distribution clause to the final prompt statement"),
  invalidTarget: (start: number, end: number, what: string): Diagnostic =>
    error(c.invalidTarget, `cannot assign to ${what}`, span(start, end), "assign to a name, attribute, index, or a tuple/list of those"),
  invalidDisplay: (start: number, end: number, detail: string): Diagnostic =>
    error(c.invalidDisplay, detail, span(start, end)),
  invalidNumber: (start: number, end: number, image: string): Diagnostic =>
    error(c.invalidNumber, `invalid number literal ${show(image)}`, span(start, end), "complex numbers are not supported"),
  badArgumentOrder: (start: number, end: number): Diagnostic =>
    error(c.badArgumentOrder, "positional argument follows keyword argument", span(start, end), "put positional arguments first"),
  promptBeforeDecoder: (start: number, end: number, decoder: string): Diagnostic =>
    error(c.promptBeforeDecoder, `prompt before the '${decoder}' line`, span(start, end),
      `statements before the decoder line are plain Python set-up (LMQL ignores a string there); move the prompt into the query body after '${decoder}'`),
  walrus: (start: number, end: number): Diagnostic =>
    error(c.walrus, "assignment expressions (':=') are not supported", span(start, end), "assign the value on a line of its own first: name = value"),
  nestedSameQuote: (start: number, end: number, quote: string): Diagnostic =>
    error(c.nestedSameQuote, `a string inside {...} uses the same quote (${quote}) as the string around it`, span(start, end),
      `here the string ends at that quote (as in Python and LMQL); use the other quote inside, e.g. {d['k']}`),
};

function hintFor(found: string): string | undefined {
  if (found === "indentation") return syntaxErrors.unexpectedIndent(0, 0).hint;
  if (found === "':'") return "a line like `name::` is documentation markup, not code; remove it";
  const word = /^'([A-Za-z_]+)'$/.exec(found)?.[1];
  const keyword = word === undefined ? undefined : TYPO_CANDIDATES.find((k) => k !== word && editDistance(k, word) <= Math.max(1, Math.floor(k.length / 4)));
  return keyword === undefined ? undefined : `did you mean '${keyword}'?`;
}

/** Keywords a misspelt word at a statement boundary is likely meant to be. */
const TYPO_CANDIDATES: readonly string[] = [...CLAUSE_KEYWORDS, "else", "elif", "return"];
