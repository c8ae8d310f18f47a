/**
 * The TextMate grammar for `.lmql` files, written as a TypeScript value so the regular expressions
 * can be `String.raw` literals instead of doubly escaped JSON. `generate-tmlanguage.ts` writes it to
 * grammar/lmql.tmLanguage.json; a test fails when the committed JSON differs from this source.
 *
 * The one idea the grammar rests on: a string literal that starts a line (after indentation), or
 * follows a decoder keyword, is a prompt, and so are the other strings of that line outside
 * clauses and brackets; every other string is ordinary code. Code inside
 * brackets, `where`/`distribution`/`from` clauses and interpolations is matched with the
 * expression patterns only, which hold no prompt rule, so strings there stay plain strings.
 */

interface Captures { readonly [group: string]: { readonly name?: string; readonly patterns?: readonly Rule[] } }
export interface Rule {
  readonly name?: string;
  readonly contentName?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly captures?: Captures;
  readonly beginCaptures?: Captures;
  readonly endCaptures?: Captures;
  readonly patterns?: readonly Rule[];
  readonly include?: string;
  readonly comment?: string;
}
export interface Grammar {
  readonly $schema: string;
  readonly name: string;
  readonly scopeName: string;
  readonly fileTypes: readonly string[];
  readonly patterns: readonly Rule[];
  readonly repository: { readonly [name: string]: Rule };
}

const IDENT = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
/**
 * A clause that runs to the end of the logical line: it ends at a line end not preceded by a `\`
 * continuation (trailing blanks after the `\` allowed, as LMQL's documentation has them).
 * vscode-textmate feeds each line with its `\n`: the match must not eat it (an enclosing clause
 * would find no line end left) and must not start after it (past a `\`).
 */
const END_OF_LOGICAL_LINE = String.raw`(?<![\\\s])[ \t]*$`;
/** The decoder names src/syntax/parser.ts accepts alone on a line. */
const DECODERS = ["argmax", "sample", "beam", "beam_var", "var", "best_k", "beam_sample", "topk", "greedy"];
const CONSTRAINT_FUNCTIONS = ["STOPS_AT", "STOPS_BEFORE", "INT", "FLOAT", "REGEX", "TOKENS", "WORDS", "LEN", "stops_at", "stops_before"];
const BUILTINS = [
  "abs", "all", "any", "bool", "dict", "enumerate", "filter", "float", "input", "int", "isinstance",
  "len", "list", "map", "max", "min", "print", "range", "repr", "reversed", "round", "set", "sorted",
  "str", "sum", "tuple", "type", "zip",
];

interface Quote { readonly delimiter: string; readonly kind: "double" | "single"; readonly triple: boolean }
const QUOTES: readonly Quote[] = [
  { delimiter: '"""', kind: "double", triple: true },
  { delimiter: "'''", kind: "single", triple: true },
  { delimiter: '"', kind: "double", triple: false },
  { delimiter: "'", kind: "single", triple: false },
];
const RAW_PREFIX = String.raw`(?:[rR][fFbB]?|[fFbB][rR])`;
const PLAIN_PREFIX = String.raw`(?:[fFbBuU]?)`;

function alternation(words: readonly string[]): string {
  return words.join("|");
}

function stringName(quote: Quote, flavour: string): string {
  const triple = quote.triple ? "triple." : "";
  return `string.quoted.${triple}${quote.kind}.${flavour}lmql`;
}

/**
 * A single-quoted string also ends at a line end that has no `\` continuation (an unterminated
 * literal). The `\n` in the lookbehind: `$` also matches after the line's own newline.
 */
function stringEnd(quote: Quote): string {
  return quote.triple ? `(${quote.delimiter})` : String.raw`(${quote.delimiter})|(?<![\\\n])$`;
}

/** A prompt string: literal text with holes, interpolations, role tags and escapes. */
function promptString(quote: Quote, raw: boolean): Rule {
  return {
    name: stringName(quote, "prompt."),
    begin: `(${raw ? RAW_PREFIX : PLAIN_PREFIX})(${quote.delimiter})`,
    beginCaptures: {
      "1": { name: "storage.type.string.lmql" },
      "2": { name: "punctuation.definition.string.begin.lmql" },
    },
    end: stringEnd(quote),
    endCaptures: { "1": { name: "punctuation.definition.string.end.lmql" } },
    patterns: [
      { include: raw ? "#raw-escape" : "#string-escape" },
      { include: "#brace-escape" },
      { include: "#bracket-escape" },
      { include: "#role-tag" },
      { include: "#interpolation" },
      { include: "#hole" },
      { include: "#invalid-hole" },
    ],
  };
}

/** A string in code position; f-strings interpolate, raw strings keep backslashes. */
function codeString(quote: Quote, prefix: "raw" | "format" | "plain"): Rule {
  const prefixes = { raw: RAW_PREFIX, format: "[fF]", plain: "[bBuU]?" } as const;
  const flavour = { raw: "raw.", format: "interpolated.", plain: "" } as const;
  const inner: Rule[] = [];
  inner.push({ include: prefix === "raw" ? "#raw-escape" : "#string-escape" });
  if (prefix === "format") inner.push({ include: "#brace-escape" }, { include: "#interpolation" });
  return {
    name: stringName(quote, flavour[prefix]),
    begin: `(${prefixes[prefix]})(${quote.delimiter})`,
    beginCaptures: {
      "1": { name: "storage.type.string.lmql" },
      "2": { name: "punctuation.definition.string.begin.lmql" },
    },
    end: stringEnd(quote),
    endCaptures: { "1": { name: "punctuation.definition.string.end.lmql" } },
    patterns: inner,
  };
}

function promptStrings(): Rule {
  return { patterns: QUOTES.flatMap((q) => [promptString(q, true), promptString(q, false)]) };
}

function codeStrings(): Rule {
  return { patterns: QUOTES.flatMap((q) => [codeString(q, "raw"), codeString(q, "format"), codeString(q, "plain")]) };
}

function bracket(open: string, close: string, name: string): Rule {
  return {
    begin: `(${open})`,
    beginCaptures: { "1": { name: `punctuation.${name}.begin.lmql` } },
    end: `(${close})`,
    endCaptures: { "1": { name: `punctuation.${name}.end.lmql` } },
    patterns: [{ include: "#expression" }],
  };
}

/** A clause (`where`, `distribution`) whose body is an expression up to the end of the logical line. */
function clause(keyword: string, name: string, extraBegin = "", extraCaptures: Captures = {}): Rule {
  return {
    name,
    begin: String.raw`\b((?i:${keyword}))\b${extraBegin}`,
    beginCaptures: { "1": { name: "keyword.control.query.lmql" }, ...extraCaptures },
    end: END_OF_LOGICAL_LINE,
    patterns: [{ include: "#expression" }],
  };
}

/** Inside a line that holds a prompt: strings are prompts unless a clause or bracket holds them. */
const PROMPT_LINE_PATTERNS: readonly Rule[] = [
  { include: "#comment" },
  { include: "#line-continuation" },
  { include: "#inline-from" },
  { include: "#where-clause" },
  { include: "#distribution-clause" },
  { include: "#prompt-string" },
  { include: "#expression" },
];

const repository: { [name: string]: Rule } = {
  comment: {
    // Lazy up to the last non-blank so that a clause ending at the line end still sees where it ends.
    match: String.raw`(#).*?(?=[ \t]*$)`,
    name: "comment.line.number-sign.lmql",
    captures: { "1": { name: "punctuation.definition.comment.lmql" } },
  },
  "line-continuation": {
    match: String.raw`(\\)[ \t]*$`,
    captures: { "1": { name: "punctuation.separator.continuation.line.lmql" } },
  },
  "lmql-docstring": {
    comment: "LMQL's `@lmql.query` functions hold their query code in a '''lmql docstring.",
    begin: String.raw`(?:^\s*)?([rR]?)('''|""")(lmql)\b`,
    beginCaptures: {
      "1": { name: "storage.type.string.lmql" },
      "2": { name: "punctuation.definition.string.begin.lmql" },
      "3": { name: "keyword.other.language.lmql" },
    },
    end: String.raw`\s*(\2)`,
    endCaptures: { "1": { name: "punctuation.definition.string.end.lmql" } },
    contentName: "meta.embedded.block.lmql",
    patterns: [{ include: "#statement" }],
  },
  "decoder-line": {
    comment: "`argmax`, `sample(n=2)` ... opening a query; a string on the same line is its prompt.",
    name: "meta.decoder.lmql",
    begin: String.raw`^\s*((?i:${alternation(DECODERS)}))\b(?=\s*(?:\(|[rRfFbBuU]{0,2}["']|#|$))`,
    beginCaptures: { "1": { name: "keyword.control.decoder.lmql" } },
    end: END_OF_LOGICAL_LINE,
    patterns: PROMPT_LINE_PATTERNS,
  },
  "prompt-line": {
    comment: "A logical line starting with a string is a prompt statement: its strings (`\"a\" \"b\"`, or after `;`) are prompts.",
    begin: String.raw`^(?=\s*[rRfFbBuU]{0,2}["'])`,
    end: END_OF_LOGICAL_LINE,
    patterns: PROMPT_LINE_PATTERNS,
  },
  "inline-from": {
    begin: String.raw`\b((?i:from))\b`,
    beginCaptures: { "1": { name: "keyword.control.query.lmql" } },
    end: String.raw`(?<=["')])|${END_OF_LOGICAL_LINE}`,
    patterns: [{ include: "#expression" }],
  },
  "from-clause": {
    comment: "The classic form's `from` clause; its model may sit on the next line. Not `from x import y`.",
    name: "meta.from.lmql",
    begin: String.raw`^\s*((?i:from))\b(?!\s+[\w.]+\s+import\b)`,
    beginCaptures: { "1": { name: "keyword.control.query.lmql" } },
    end: String.raw`(?<=["')])|^(?=\s*(?i:where|distribution)\b)|^(?=\s*$)`,
    patterns: [{ include: "#expression" }],
  },
  "where-clause": clause("where", "meta.constraint.where.lmql"),
  "distribution-clause": clause("distribution", "meta.distribution.lmql", String.raw`(?:\s+(${IDENT}))?`, {
    "2": { name: "variable.other.hole.lmql" },
  }),
  "function-def": {
    match: String.raw`^\s*(?:(async)\s+)?(def)\s+(${IDENT})`,
    captures: {
      "1": { name: "storage.modifier.async.lmql" },
      "2": { name: "storage.type.function.lmql" },
      "3": { name: "entity.name.function.lmql" },
    },
  },
  decorator: {
    match: String.raw`^\s*(@)\s*(${IDENT}(?:\s*\.\s*${IDENT})*)`,
    name: "meta.function.decorator.lmql",
    captures: {
      "1": { name: "punctuation.definition.decorator.lmql" },
      "2": { name: "entity.name.function.decorator.lmql" },
    },
  },
  statement: {
    patterns: [
      { include: "#comment" },
      { include: "#lmql-docstring" },
      { include: "#decoder-line" },
      { include: "#from-clause" },
      { include: "#prompt-line" },
      { include: "#where-clause" },
      { include: "#distribution-clause" },
      { include: "#function-def" },
      { include: "#decorator" },
      { include: "#expression" },
    ],
  },
  "prompt-string": promptStrings(),
  "code-string": codeStrings(),
  "string-escape": {
    patterns: [
      { match: String.raw`\\$`, name: "constant.character.escape.line-continuation.lmql" },
      {
        match: String.raw`\\(?:[\\'"abfnrtv0\n]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|N\{[^}]*\}|[0-7]{1,3})`,
        name: "constant.character.escape.lmql",
      },
    ],
  },
  "raw-escape": {
    comment: "In a raw string a backslash resolves nothing but still keeps the next quote from ending it.",
    match: String.raw`\\["'\\]`,
  },
  "brace-escape": { match: String.raw`\{\{|\}\}`, name: "constant.character.escape.brace.lmql" },
  "bracket-escape": { match: String.raw`\[\[|\]\]`, name: "constant.character.escape.bracket.lmql" },
  "invalid-hole": {
    comment: "In a prompt every `[` opens a hole; one that cannot (`[0-9]`) is an error: write `[[` for a bracket.",
    match: String.raw`\[(?!\s*(?:@|[A-Za-z_]))[^\]\n]*\]?`,
    name: "invalid.illegal.hole.lmql",
  },
  "role-tag": {
    match: String.raw`(\{)\s*(:)\s*([^{}\s]*)\s*(\})`,
    name: "meta.role.lmql",
    captures: {
      "1": { name: "punctuation.definition.role.begin.lmql" },
      "2": { name: "punctuation.definition.role.lmql" },
      "3": { name: "entity.name.tag.role.lmql" },
      "4": { name: "punctuation.definition.role.end.lmql" },
    },
  },
  interpolation: {
    name: "meta.interpolation.lmql",
    begin: String.raw`(\{)`,
    beginCaptures: { "1": { name: "punctuation.section.embedded.begin.lmql" } },
    end: String.raw`(\})`,
    endCaptures: { "1": { name: "punctuation.section.embedded.end.lmql" } },
    contentName: "meta.embedded.inline.lmql",
    patterns: [
      { match: String.raw`(![rsa])(?=\s*[:}])`, name: "storage.type.format.conversion.lmql" },
      {
        match: String.raw`(?<![{:])(:)([^{}'"()\[\]:]*)(?=\})`,
        captures: {
          "1": { name: "punctuation.separator.format.lmql" },
          "2": { name: "storage.type.format.spec.lmql" },
        },
      },
      { include: "#expression" },
    ],
  },
  hole: {
    comment: "[NAME], [NAME: int], [NAME: r'..'], [NAME: fn(args)], [@dec NAME]; ends at the line end if unclosed.",
    name: "meta.hole.lmql",
    begin: String.raw`(\[)\s*((?:@\s*${IDENT}(?:\.${IDENT})*(?:\([^()\]]*\))?\s+)*)(${IDENT})`,
    beginCaptures: {
      "1": { name: "punctuation.definition.hole.begin.lmql" },
      "2": { patterns: [{ include: "#hole-decorator" }] },
      "3": { name: "variable.other.hole.lmql" },
    },
    end: String.raw`(\])|(?=$)`,
    endCaptures: { "1": { name: "punctuation.definition.hole.end.lmql" } },
    patterns: [
      { match: ":", name: "punctuation.separator.annotation.lmql" },
      { match: String.raw`\b(int|str|float|bool)\b(?=\s*\])`, name: "support.type.hole.lmql" },
      { match: String.raw`\b(${IDENT})\b(?=\s*[\](])`, name: "entity.name.function.query.lmql" },
      { include: "#expression" },
    ],
  },
  "hole-decorator": {
    match: String.raw`(@)\s*(${IDENT}(?:\.${IDENT})*)`,
    captures: {
      "1": { name: "punctuation.definition.decorator.lmql" },
      "2": { name: "entity.name.function.decorator.lmql" },
    },
  },
  expression: {
    patterns: [
      { include: "#comment" },
      { include: "#line-continuation" },
      { include: "#code-string" },
      { include: "#number" },
      { include: "#keyword" },
      { include: "#constraint-function" },
      { include: "#builtin-function" },
      { include: "#function-call" },
      { include: "#operator" },
      { include: "#brackets" },
      { include: "#name" },
    ],
  },
  brackets: {
    patterns: [bracket(String.raw`\(`, String.raw`\)`, "parenthesis"), bracket(String.raw`\[`, String.raw`\]`, "bracket"), bracket(String.raw`\{`, String.raw`\}`, "brace")],
  },
  number: {
    patterns: [
      { match: String.raw`\b0[xX][0-9A-Fa-f_]+\b`, name: "constant.numeric.hex.lmql" },
      { match: String.raw`\b0[oO][0-7_]+\b`, name: "constant.numeric.octal.lmql" },
      { match: String.raw`\b0[bB][01_]+\b`, name: "constant.numeric.binary.lmql" },
      {
        match: String.raw`(?:\b[0-9][0-9_]*\.(?:[0-9][0-9_]*)?|(?<![\w.])\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?[jJ]?|\b[0-9][0-9_]*[eE][+-]?[0-9_]+[jJ]?\b`,
        name: "constant.numeric.float.lmql",
      },
      { match: String.raw`\b[0-9][0-9_]*[jJ]?\b`, name: "constant.numeric.integer.lmql" },
    ],
  },
  keyword: {
    patterns: [
      { match: String.raw`\b(where|distribution)\b`, name: "keyword.control.query.lmql" },
      { match: String.raw`\b(import|from|as)\b`, name: "keyword.control.import.lmql" },
      {
        match: String.raw`\b(if|elif|else|for|while|break|continue|return|pass|try|except|finally|with|raise|yield|assert|del|global|nonlocal|await)\b`,
        name: "keyword.control.flow.lmql",
      },
      { match: String.raw`\b(and|or|not|in|is)\b`, name: "keyword.operator.logical.lmql" },
      { match: String.raw`\b(def|lambda)\b`, name: "storage.type.function.lmql" },
      { match: String.raw`\b(class)\b`, name: "storage.type.class.lmql" },
      { match: String.raw`\b(async)\b`, name: "storage.modifier.async.lmql" },
      { match: String.raw`\b(True|False|None)\b`, name: "constant.language.lmql" },
      { match: String.raw`\.\.\.`, name: "constant.other.ellipsis.lmql" },
    ],
  },
  "constraint-function": {
    match: String.raw`\b(${alternation(CONSTRAINT_FUNCTIONS)})\b(?=\s*\()`,
    name: "support.function.constraint.lmql",
  },
  "builtin-function": {
    match: String.raw`(?<!\.)\b(${alternation(BUILTINS)})\b(?=\s*\()`,
    name: "support.function.builtin.lmql",
  },
  "function-call": {
    match: String.raw`\b(${IDENT})\b(?=\s*\()`,
    name: "entity.name.function.call.lmql",
  },
  operator: {
    patterns: [
      { match: String.raw`\*\*=|//=|>>=|<<=|[-+*/%@&|^]=|:=`, name: "keyword.operator.assignment.augmented.lmql" },
      { match: String.raw`==|!=|<=|>=|<|>`, name: "keyword.operator.comparison.lmql" },
      { match: String.raw`->`, name: "punctuation.separator.annotation.result.lmql" },
      { match: String.raw`=`, name: "keyword.operator.assignment.lmql" },
      { match: String.raw`\*\*|//|>>|<<|[-+*/%@&|^~]`, name: "keyword.operator.arithmetic.lmql" },
      { match: ",", name: "punctuation.separator.element.lmql" },
      { match: ":", name: "punctuation.separator.colon.lmql" },
      { match: String.raw`\.`, name: "punctuation.accessor.lmql" },
    ],
  },
  name: {
    patterns: [
      { match: String.raw`\b[A-Z][A-Z0-9_]*\b`, name: "variable.other.constant.lmql" },
      { match: String.raw`\b${IDENT}\b`, name: "variable.other.lmql" },
    ],
  },
};

export const lmqlTmLanguage: Grammar = {
  $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
  name: "LMQL",
  scopeName: "source.lmql",
  fileTypes: ["lmql"],
  patterns: [{ include: "#statement" }],
  repository,
};

/** The exact text of grammar/lmql.tmLanguage.json. */
export function renderTmLanguage(): string {
  return `${JSON.stringify(lmqlTmLanguage, null, 2)}\n`;
}
