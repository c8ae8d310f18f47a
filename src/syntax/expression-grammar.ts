/**
 * The expression half of the grammar (Python expressions), a base class of the statement grammar in
 * parser.ts. Grammar only: no actions.
 */
import { CstParser, type IParserErrorMessageProvider, type TokenType } from "chevrotain";
import * as T from "./tokens.js";
import { SKIP_GRAMMAR_VALIDATIONS } from "./validation-mode.js";

/**
 * Messages carry only what parse-errors.ts needs to build a Diagnostic: the expected token's label
 * or the rule's name.
 */
const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => expected.LABEL ?? expected.name,
  buildNotAllInputParsedMessage: () => "",
  buildNoViableAltMessage: ({ ruleName }) => ruleName,
  buildEarlyExitMessage: ({ ruleName }) => ruleName,
};

export abstract class ExpressionGrammar extends CstParser {
  constructor() {
    super(T.parserTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "onlyOffset", errorMessageProvider, skipValidations: SKIP_GRAMMAR_VALIDATIONS });
  }

  protected is(i: number, ...types: TokenType[]): boolean {
    const t = this.LA(i).tokenType;
    return types.includes(t);
  }

  /** For `parseExpression` and `{...}` in prompts: a (tuple) expression and nothing else. */
  readonly expressionInput = this.RULE("expressionInput", () => {
    this.SUBRULE(this.starExprList);
  });

  /** Inside a prompt's `[...]`: decorators, the name, an optional type. */
  readonly holeContent = this.RULE("holeContent", () => {
    this.MANY(() => {
      this.CONSUME(T.At);
      this.SUBRULE(this.primary);
    });
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.primary);
    });
  });

  readonly starExprList = this.RULE("starExprList", () => {
    this.SUBRULE(this.starOrExpr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.starOrExpr);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  readonly starOrExpr = this.RULE("starOrExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.SUBRULE(this.orTest);
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  readonly expression = this.RULE("expression", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.lambdef) },
      {
        ALT: () => {
          this.SUBRULE(this.orTest);
          this.OPTION(() => {
            this.CONSUME(T.If);
            this.SUBRULE2(this.orTest);
            this.CONSUME(T.Else);
            this.SUBRULE(this.expression);
          });
        },
      },
    ]);
  });

  readonly lambdef = this.RULE("lambdef", () => {
    this.CONSUME(T.Lambda);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.lambdaParam) });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  readonly lambdaParam = this.RULE("lambdaParam", () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.DoubleStar) }]));
    this.CONSUME(T.Identifier);
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression);
    });
  });

  /** Every binary, boolean and comparison operator, flat: `operand (op operand)*`. */
  readonly orTest = this.RULE("orTest", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.SUBRULE(this.binaryOp);
      this.SUBRULE2(this.operand);
    });
  });

  readonly binaryOp = this.RULE("binaryOp", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Is);
            this.OPTION(() => this.CONSUME(T.Not));
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Not);
            this.CONSUME(T.In);
          },
        },
        { ALT: () => this.CONSUME(T.BinaryOperator) },
      ],
    });
  });

  /** Prefix operators (`not`, `-`, `+`, `~`) then a primary. */
  readonly operand = this.RULE("operand", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Not) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Tilde) },
      ]),
    );
    this.SUBRULE(this.primary);
  });

  /** An atom (inlined: one CST node less per operand) and its trailers. */
  readonly primary = this.RULE("primary", () => {
    this.OPTION(() => this.CONSUME(T.Await));
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Ellipsis) },
      { ALT: () => this.SUBRULE(this.parenAtom) },
      { ALT: () => this.SUBRULE(this.listAtom) },
      { ALT: () => this.SUBRULE(this.curlyAtom) },
    ]);
    this.MANY(() => this.SUBRULE(this.trailer));
  });

  readonly trailer = this.RULE("trailer", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.SUBRULE(this.arguments));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.subscripts);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  readonly parenAtom = this.RULE("parenAtom", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.displayBody));
    this.CONSUME(T.RParen);
  });

  readonly listAtom = this.RULE("listAtom", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => this.SUBRULE(this.displayBody));
    this.CONSUME(T.RBracket);
  });

  readonly curlyAtom = this.RULE("curlyAtom", () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.displayBody));
    this.CONSUME(T.RCurly);
  });

  /** The inside of `( )`, `[ ]` or `{ }`: items, or one item and a comprehension. */
  readonly displayBody = this.RULE("displayBody", () => {
    this.SUBRULE(this.displayItem);
    this.OR([
      { ALT: () => this.SUBRULE(this.compFor) },
      {
        ALT: () => {
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.displayItem);
          });
          this.OPTION(() => this.CONSUME2(T.Comma));
        },
      },
    ]);
  });

  /** `x`, `*x`, `**d`, `k: v` (which kinds are allowed where is checked in cst-to-ast). */
  readonly displayItem = this.RULE("displayItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.DoubleStar);
          this.SUBRULE(this.orTest);
        },
      },
      { ALT: () => this.SUBRULE(this.starOrExpr) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expression);
    });
  });

  readonly compFor = this.RULE("compFor", () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.compClause));
  });

  readonly compClause = this.RULE("compClause", () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.For);
    this.SUBRULE(this.targetList);
    this.CONSUME(T.In);
    this.SUBRULE(this.orTest);
    this.MANY(() => {
      this.CONSUME(T.If);
      this.SUBRULE2(this.orTest);
    });
  });

  readonly targetList = this.RULE("targetList", () => {
    this.SUBRULE(this.target);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.target);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  readonly target = this.RULE("target", () => {
    this.OPTION(() => this.CONSUME(T.Star));
    this.SUBRULE(this.primary);
  });

  readonly arguments = this.RULE("arguments", () => {
    this.SUBRULE(this.argument);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.argument);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  readonly argument = this.RULE("argument", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DoubleStar);
          this.SUBRULE2(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.Assign);
          this.SUBRULE3(this.expression);
        },
      },
      {
        ALT: () => {
          this.SUBRULE4(this.expression);
          this.OPTION(() => this.SUBRULE(this.compFor));
        },
      },
    ]);
  });

  readonly subscripts = this.RULE("subscripts", () => {
    this.SUBRULE(this.sliceItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.sliceItem);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  /** `e`, `lo:hi`, `lo:hi:step`, any part optional. */
  readonly sliceItem = this.RULE("sliceItem", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OPTION(() => this.SUBRULE(this.sliceTail));
        },
      },
      { ALT: () => this.SUBRULE2(this.sliceTail) },
    ]);
  });

  readonly sliceTail = this.RULE("sliceTail", () => {
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.upper));
    this.OPTION2(() => {
      this.CONSUME2(T.Colon);
      this.OPTION3(() => this.SUBRULE(this.step));
    });
  });

  readonly upper = this.RULE("upper", () => this.SUBRULE(this.expression));
  readonly step = this.RULE("step", () => this.SUBRULE(this.expression));
}
