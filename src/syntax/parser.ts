/**
 * The grammar, without actions: a Chevrotain CstParser built once and reused. Binary operators are
 * one flat rule (`operand (op operand)*`); cst-to-ast applies Python's precedence, which keeps the
 * parser shallow and fast. Prompt contents are parsed by prompt.ts, which calls back into the
 * `holeContent` and `expressionInput` rules on tokens of the prompt's parts.
 */
import { EOF, type CstNode, type IToken, type ISerializedGast } from "chevrotain";
import { CompoundGrammar } from "./compound-grammar.js";
import * as T from "./tokens.js";
import { DECODERS as DECODER_TABLE } from "../language/decoders.js";

/**
 * Names that start a modern-form query when alone on the first line (any name does in the classic
 * form): the decoder table's, plus common misnamings the checker then reports as unknown decoders.
 */
export const DECODERS: ReadonlySet<string> = new Set([...DECODER_TABLE.keys(), "topk", "greedy"]);

class LmqlParser extends CompoundGrammar {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** After the name (and balanced argument list) comes a line end or a prompt string. */
  private decoderAhead(): boolean {
    if (!this.is(1, T.Identifier)) return false;
    let i = 2;
    if (this.is(2, T.LParen)) {
      let depth = 0;
      for (; ; i++) {
        const t = this.LA(i).tokenType;
        if (t === EOF) return false;
        if (t === T.LParen) depth++;
        else if (t === T.RParen && --depth === 0) break;
      }
      i++;
    }
    if (this.is(i, T.StringLiteral)) return true;
    if (this.is(i, T.Newline) && this.is(i + 1, T.Indent)) return true;
    return (this.is(i, T.Newline) || this.is(i, EOF)) && DECODERS.has(this.LA(1).image.toLowerCase());
  }

  /** A run of string literals that is the whole statement (a prompt), not the start of an expression. */
  private promptAhead(): boolean {
    let i = 1;
    while (this.is(i, T.StringLiteral)) i++;
    return i > 1 && this.is(i, T.Newline, T.Where, T.Distribution, T.Semicolon, T.From, EOF);
  }

  /** `from x.y import z` rather than a model clause. */
  private importAhead(): boolean {
    for (let i = 2; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === T.Import) return true;
      if (t !== T.Identifier && t !== T.Dot) return false;
    }
  }

  // ------------------------------------------------------------ the query

  readonly query = this.RULE("query", () => {
    this.OPTION({ GATE: () => this.decoderAhead(), DEF: () => this.SUBRULE(this.decoderClause) });
    this.MANY(() => this.SUBRULE(this.topLevelItem));
  });

  /** The code of an `lmql` docstring. */
  readonly statements = this.RULE("statements", () => {
    this.MANY(() => this.SUBRULE(this.topLevelItem));
  });

  readonly decoderClause = this.RULE("decoderClause", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.arguments));
      this.CONSUME(T.RParen);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Newline);
      this.OPTION4(() => {
        this.CONSUME(T.Indent);
        this.MANY(() => this.SUBRULE(this.blockItem));
        this.CONSUME(T.Dedent);
      });
    });
  });

  /**
   * Stray layout tokens are kept in the tree so cst-to-ast can report them and parsing goes on: an
   * unexpected INDENT anywhere, and at the top level the DEDENT that closes it.
   */
  readonly topLevelItem = this.RULE("topLevelItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.statement) },
      { ALT: () => this.CONSUME(T.Indent) },
      { ALT: () => this.CONSUME(T.Dedent) },
    ]);
  });

  readonly blockItem = this.RULE("blockItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(T.Indent) }]);
  });

  // ------------------------------------------------------------ statements

  readonly statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.defStmt) },
      { ALT: () => this.SUBRULE(this.decorated) },
      { ALT: () => this.SUBRULE(this.classStmt) },
      { ALT: () => this.SUBRULE(this.tryStmt) },
      { ALT: () => this.SUBRULE(this.withStmt) },
      { GATE: () => this.matchAhead(), ALT: () => this.SUBRULE(this.matchStmt) },
      { ALT: () => this.SUBRULE(this.clauseLine) },
      { ALT: () => this.SUBRULE(this.simpleLine) },
    ]);
  });

  readonly block = this.RULE("block", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Newline);
          this.CONSUME(T.Indent);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.blockItem));
          this.CONSUME(T.Dedent);
        },
      },
      { ALT: () => this.SUBRULE(this.simpleLine) },
    ]);
  });

  /** A line ends at NEWLINE, or at a model clause on the same line (`argmax "..." from "gpt2"`). */
  readonly lineEnd = this.RULE("lineEnd", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Newline) },
      { GATE: () => this.is(1, T.From), ALT: () => {} },
    ]);
  });

  readonly simpleLine = this.RULE("simpleLine", () => {
    this.SUBRULE(this.simpleStmt);
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.SUBRULE2(this.simpleStmt);
    });
    this.OPTION(() => this.CONSUME2(T.Semicolon));
    this.SUBRULE(this.lineEnd);
  });

  /** A clause ends at NEWLINE, or where the next clause starts on the same line (`from "m" where ...`). */
  readonly clauseEnd = this.RULE("clauseEnd", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Newline) },
      { GATE: () => this.is(1, T.From, T.Where, T.Distribution), ALT: () => {} },
    ]);
  });

  /** `from <model>`, `where <constraint>`, `distribution VAR in <options>` (and `from m import x`). */
  readonly clauseLine = this.RULE("clauseLine", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.From);
          this.OR2([
            { GATE: () => this.importAhead(), ALT: () => this.SUBRULE(this.importFrom) },
            { ALT: () => this.SUBRULE(this.expression) },
          ]);
        },
      },
      { ALT: () => this.SUBRULE(this.whereClause) },
      { ALT: () => this.SUBRULE(this.distributionClause) },
    ]);
    this.SUBRULE(this.clauseEnd);
  });

  readonly whereClause = this.RULE("whereClause", () => {
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  readonly distributionClause = this.RULE("distributionClause", () => {
    this.CONSUME(T.Distribution);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
  });

  readonly importFrom = this.RULE("importFrom", () => {
    this.MANY(() => this.CONSUME(T.Dot));
    this.SUBRULE(this.dottedName);
    this.CONSUME(T.Import);
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.SUBRULE(this.parenthesizedNames) },
      { ALT: () => this.SUBRULE(this.importNames) },
    ]);
  });

  readonly parenthesizedNames = this.RULE("parenthesizedNames", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.importNames);
    this.CONSUME(T.RParen);
  });

  readonly importNames = this.RULE("importNames", () => {
    this.SUBRULE(this.dottedName);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier);
    });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.dottedName);
      this.OPTION2(() => {
        this.CONSUME2(T.As);
        this.CONSUME2(T.Identifier);
      });
    });
    this.OPTION3(() => this.CONSUME2(T.Comma));
  });

  readonly dottedName = this.RULE("dottedName", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  readonly simpleStmt = this.RULE("simpleStmt", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Pass) },
        { ALT: () => this.CONSUME(T.Break) },
        { ALT: () => this.CONSUME(T.Continue) },
        { ALT: () => this.SUBRULE(this.returnStmt) },
        { ALT: () => this.SUBRULE(this.assertStmt) },
        { ALT: () => this.SUBRULE(this.keywordStmt) },
        { GATE: () => this.promptAhead(), ALT: () => this.SUBRULE(this.promptStmt) },
        { ALT: () => this.SUBRULE(this.exprStmt) },
      ],
    });
  });

  readonly returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.starExprList));
  });

  readonly assertStmt = this.RULE("assertStmt", () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  /** Python statements we parse but do not run; their operands are parsed loosely. */
  readonly keywordStmt = this.RULE("keywordStmt", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Import) },
      { ALT: () => this.CONSUME(T.Global) },
      { ALT: () => this.CONSUME(T.Nonlocal) },
      { ALT: () => this.CONSUME(T.Del) },
      { ALT: () => this.CONSUME(T.Raise) },
      { ALT: () => this.CONSUME(T.Yield) },
    ]);
    this.OPTION(() => this.CONSUME2(T.From));
    this.OPTION2(() => this.SUBRULE(this.starExprList));
    this.OPTION3(() => {
      this.OR2([{ ALT: () => this.CONSUME3(T.From) }, { ALT: () => this.CONSUME(T.As) }]);
      this.SUBRULE2(this.starExprList);
    });
  });

  readonly promptStmt = this.RULE("promptStmt", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral));
    this.OPTION(() => this.SUBRULE(this.whereClause));
    this.OPTION2(() => this.SUBRULE(this.distributionClause));
  });

  readonly exprStmt = this.RULE("exprStmt", () => {
    this.SUBRULE(this.starExprList);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () =>
            this.AT_LEAST_ONE(() => {
              this.CONSUME(T.Assign);
              this.SUBRULE2(this.starExprList);
            }),
        },
        {
          ALT: () => {
            this.CONSUME(T.AugAssign);
            this.SUBRULE3(this.starExprList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.expression);
            this.OPTION2(() => {
              this.CONSUME2(T.Assign);
              this.SUBRULE4(this.starExprList);
            });
          },
        },
      ]);
    });
    this.OPTION3(() => this.SUBRULE(this.whereClause));
  });
}

const parser = new LmqlParser();

export type StartRule = "query" | "statements" | "expressionInput" | "holeContent";

export interface RawParse {
  readonly cst: CstNode;
  readonly errors: readonly import("chevrotain").IRecognitionException[];
}

/** Runs one start rule of the shared parser over `tokens`. */
export function runParser(tokens: IToken[], rule: StartRule): RawParse {
  parser.input = tokens;
  const cst = parser[rule]();
  return { cst, errors: [...parser.errors] };
}

/** The grammar as Chevrotain's serialized productions, for railroad diagrams and the EBNF. */
export function serializedGrammar(): ISerializedGast[] {
  return parser.getSerializedGastProductions();
}
