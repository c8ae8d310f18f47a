/**
 * Chevrotain's recognition errors as Diagnostics (as Langium does it): tokens invented by recovery
 * have no offsets, so such an error is anchored at the end of the previous real token.
 */
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import { span, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { syntaxErrors } from "./errors.js";
import { Dedent, Indent, Newline } from "./tokens.js";

/** More than this many parse errors in one run are noise from a single early mistake. */
export const MAX_PARSE_ERRORS = 50;

export const RULE_PHRASES: Readonly<Record<string, string>> = {
  query: "a statement",
  statements: "a statement",
  topLevelItem: "a statement",
  blockItem: "a statement",
  statement: "a statement",
  simpleStmt: "a statement",
  simpleLine: "a statement",
  exprStmt: "a statement",
  promptStmt: "a prompt",
  keywordStmt: "a statement",
  returnStmt: "a return statement",
  assertStmt: "an assert statement",
  block: "an indented block or a statement after ':'",
  lineEnd: "the end of the line",
  clauseEnd: "the end of the clause",
  clauseLine: "a clause",
  whereClause: "a 'where' constraint",
  distributionClause: "'distribution VAR in [...]'",
  decoderClause: "a decoder clause",
  importFrom: "an import",
  importNames: "names to import",
  parenthesizedNames: "names to import",
  dottedName: "a module name",
  ifStmt: "an if statement",
  elseBlock: "an else block",
  forStmt: "a for loop",
  whileStmt: "a while loop",
  defStmt: "a function definition",
  decorated: "a decorated definition",
  classStmt: "a class",
  tryStmt: "a try statement",
  withStmt: "a with statement",
  matchStmt: "a match statement",
  caseClause: "a case clause",
  params: "parameters",
  param: "a parameter",
  expressionInput: "an expression",
  holeContent: "a hole",
  starExprList: "an expression",
  starOrExpr: "an expression",
  expression: "an expression",
  lambdef: "a lambda",
  lambdaParam: "a lambda parameter",
  orTest: "an expression",
  binaryOp: "an operator",
  operand: "an expression",
  primary: "an expression",
  trailer: "an expression",
  parenAtom: "an expression",
  listAtom: "a list",
  curlyAtom: "a dict or set",
  displayBody: "an item",
  displayItem: "an item",
  compFor: "a comprehension",
  compClause: "a comprehension",
  targetList: "a target",
  target: "a target",
  arguments: "an argument",
  argument: "an argument",
  subscripts: "an index or slice",
  sliceItem: "an index or slice",
  sliceTail: "a slice",
  upper: "an expression",
  step: "an expression",
};

export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return "end of input";
  if (t.tokenType === Newline) return "end of line";
  if (t.tokenType === Indent) return "indentation";
  if (t.tokenType === Dedent) return "end of indented block";
  const image = t.image.length > 24 ? `${t.image.slice(0, 24)}…` : t.image;
  return `'${image}'`;
}

function locate(e: IRecognitionException, textLength: number): Span {
  const t = e.token;
  if (t.tokenType !== EOF && !Number.isNaN(t.startOffset) && t.isInsertedInRecovery !== true) {
    return span(t.startOffset, t.startOffset + t.image.length);
  }
  const prev = (e as { previousToken?: IToken }).previousToken;
  if (prev !== undefined && !Number.isNaN(prev.startOffset)) {
    const end = prev.startOffset + prev.image.length;
    return span(end, end);
  }
  return span(textLength, textLength);
}

/**
 * The first error on each line: what recovery finds later on the same line is usually an echo of it.
 */
export function translateParseErrors(errors: readonly IRecognitionException[], text: string, end = text.length): Diagnostic[] {
  const out: Diagnostic[] = [];
  let last: Span | undefined;
  for (const e of errors.slice(0, MAX_PARSE_ERRORS)) {
    const at = locate(e, end);
    if (last !== undefined && last.start <= at.start && !/[\r\n]/.test(text.slice(last.start, at.start))) continue;
    last = at;
    out.push(translate(e, at));
  }
  return out;
}

function translate(e: IRecognitionException, at: Span): Diagnostic {
  const found = describeToken(e.token);
  if (e.token.tokenType === Indent && !Number.isNaN(e.token.startOffset)) return syntaxErrors.unexpectedIndent(at.start, Math.max(at.end, at.start + 1));
  switch (e.name) {
    case "MismatchedTokenException":
      if (e.message === Indent.LABEL) return syntaxErrors.expectedIndentedBlock(at.start, at.end);
      return syntaxErrors.unexpectedToken(at.start, at.end, found, e.message);
    case "NoViableAltException":
      return syntaxErrors.noViableAlternative(at.start, at.end, found, RULE_PHRASES[e.message] ?? "more code");
    case "EarlyExitException":
      return syntaxErrors.expectedOneOrMore(at.start, at.end, found, RULE_PHRASES[e.message] ?? "more code");
    default:
      return syntaxErrors.unexpectedAfterEnd(at.start, at.end, found);
  }
}
