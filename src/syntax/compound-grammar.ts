/**
 * Compound statements of the grammar (if/for/while/def/class/try/with), between the expression
 * grammar (base class) and the query and simple-statement rules of parser.ts (subclass).
 */
import { EOF, type CstNode, type ParserMethod } from "chevrotain";
import { ExpressionGrammar } from "./expression-grammar.js";
import * as T from "./tokens.js";

export abstract class CompoundGrammar extends ExpressionGrammar {
  /** Defined in parser.ts; rules only run after every rule is defined. */
  abstract readonly block: ParserMethod<[], CstNode>;


  readonly ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(T.Elif);
      this.SUBRULE2(this.expression);
      this.CONSUME2(T.Colon);
      this.SUBRULE2(this.block);
    });
    this.OPTION(() => this.SUBRULE(this.elseBlock));
  });

  readonly elseBlock = this.RULE("elseBlock", () => {
    this.CONSUME(T.Else);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  readonly forStmt = this.RULE("forStmt", () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.For);
    this.SUBRULE(this.targetList);
    this.CONSUME(T.In);
    this.SUBRULE(this.starExprList);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.OPTION2(() => this.SUBRULE(this.elseBlock));
  });

  readonly whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.OPTION(() => this.SUBRULE(this.elseBlock));
  });

  readonly defStmt = this.RULE("defStmt", () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.Def);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION2(() => this.SUBRULE(this.params));
    this.CONSUME(T.RParen);
    this.OPTION3(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  readonly decorated = this.RULE("decorated", () => {
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.At);
      this.SUBRULE(this.expression);
      this.CONSUME(T.Newline);
    });
    this.OR([{ ALT: () => this.SUBRULE(this.defStmt) }, { ALT: () => this.SUBRULE(this.classStmt) }]);
  });

  readonly classStmt = this.RULE("classStmt", () => {
    this.CONSUME(T.Class);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.arguments));
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  readonly tryStmt = this.RULE("tryStmt", () => {
    this.CONSUME(T.Try);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(T.Except);
      this.OPTION(() => {
        this.SUBRULE(this.expression);
        this.OPTION2(() => {
          this.CONSUME(T.As);
          this.CONSUME(T.Identifier);
        });
      });
      this.CONSUME2(T.Colon);
      this.SUBRULE2(this.block);
    });
    this.OPTION3(() => this.SUBRULE(this.elseBlock));
    this.OPTION4(() => {
      this.CONSUME(T.Finally);
      this.CONSUME3(T.Colon);
      this.SUBRULE3(this.block);
    });
  });

  readonly withStmt = this.RULE("withStmt", () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.With);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.expression);
        this.OPTION2(() => {
          this.CONSUME(T.As);
          this.SUBRULE(this.target);
        });
      },
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  readonly params = this.RULE("params", () => {
    this.SUBRULE(this.param);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.param);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  readonly param = this.RULE("param", () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.DoubleStar) }]));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION2(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.expression);
          });
          this.OPTION3(() => {
            this.CONSUME(T.Assign);
            this.SUBRULE2(this.expression);
          });
        },
      },
      { ALT: () => this.CONSUME(T.Slash) },
      { ALT: () => {} },
    ]);
  });

  /** `match subject:` (a soft keyword): a name `match`, an expression and a colon ending the line. */
  protected matchAhead(): boolean {
    if (!this.is(1, T.Identifier) || this.LA(1).image !== "match" || this.is(2, T.Assign, T.Dot, T.LParen, T.Newline, T.Colon)) return false;
    let depth = 0;
    for (let i = 2; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === T.LParen || t === T.LBracket || t === T.LCurly) depth++;
      else if (t === T.RParen || t === T.RBracket || t === T.RCurly) depth--;
      else if (t === EOF || (depth <= 0 && t === T.Newline)) return depth === 0 && this.is(i - 1, T.Colon);
    }
  }

  /** Python's `match` statement, parsed so that it can be reported as unsupported. */
  readonly matchStmt = this.RULE("matchStmt", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.starExprList);
    this.CONSUME(T.Colon);
    this.CONSUME(T.Newline);
    this.CONSUME(T.Indent);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.caseClause));
    this.CONSUME(T.Dedent);
  });

  readonly caseClause = this.RULE("caseClause", () => {
    this.CONSUME(T.Identifier);
    // Patterns parse as operator expressions, without `x if c else y`: `if` starts the guard.
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orTest) });
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });
}
