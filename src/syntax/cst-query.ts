/** CST → AST for the whole query: decoder, body, and the `from`/`where`/`distribution` clauses. */
import type { CstNode } from "chevrotain";
import { span, type Span } from "../diagnostics/diagnostic.js";
import type { DecoderClause, DistributionClause, Expr, ModelClause, Query, Stmt } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { argumentList } from "./cst-expr.js";
import { blockItems, type ClauseSink } from "./cst-stmt.js";
import { nodeSpan, sub, subs, tok, tokSpan } from "./cst-util.js";
import { syntaxErrors } from "./errors.js";
import { DECODERS } from "./parser.js";

class Clauses implements ClauseSink {
  modelClause: ModelClause | undefined;
  whereExpr: Expr | undefined;
  private readonly distributions: { d: DistributionClause; promptIndex: number | undefined }[] = [];
  private prompts = 0;

  constructor(private readonly ctx: ConvertContext) {}

  model(expr: Expr, at: Span): void {
    if (this.modelClause !== undefined) this.ctx.diagnostics.push(syntaxErrors.duplicateClause(at.start, at.end, "from"));
    else this.modelClause = { expr, span: at };
  }

  where(expr: Expr, at: Span): void {
    if (this.whereExpr !== undefined) this.ctx.diagnostics.push(syntaxErrors.duplicateClause(at.start, at.end, "where"));
    else this.whereExpr = expr;
  }

  distribution(d: DistributionClause, promptIndex: number | undefined): void {
    this.distributions.push({ d, promptIndex });
  }

  prompt(): number {
    return this.prompts++;
  }

  /** The one valid distribution: a clause line, or one attached to the last top-level prompt. */
  finalDistribution(): DistributionClause | undefined {
    let chosen: DistributionClause | undefined;
    for (const { d, promptIndex } of this.distributions) {
      const valid = promptIndex === undefined || promptIndex === this.prompts - 1;
      if (!valid) this.ctx.diagnostics.push(syntaxErrors.misplacedDistribution(d.span.start, d.span.end));
      else if (chosen !== undefined) this.ctx.diagnostics.push(syntaxErrors.duplicateClause(d.span.start, d.span.end, "distribution"));
      else chosen = d;
    }
    return chosen;
  }
}

/**
 * LMQL looks decoders up by their lowercase name: `ARGMAX` and `Sample(n=2)` are argmax and sample.
 * A name that is no decoder in any case stays as written, for the checker's message.
 */
function decoderName(image: string): string {
  const lower = image.toLowerCase();
  return DECODERS.has(lower) ? lower : image;
}

function decoder(ctx: ConvertContext, n: CstNode): DecoderClause {
  const name = tok(n, "Identifier");
  const args = sub(n, "arguments");
  const at = nodeSpan(n);
  const rp = tok(n, "RParen");
  const end = rp ? rp.startOffset + 1 : name ? name.startOffset + name.image.length : at.end;
  return { name: name ? decoderName(name.image) : "", nameSpan: name ? tokSpan(name) : at, args: args ? argumentList(ctx, args) : [], span: span(at.start, end) };
}

/**
 * Builds the Query from the CSTs of consecutive top-level chunks (parse.ts parses a long file one
 * top-level statement at a time); the chunk holding the decoder clause may follow a prologue.
 */
export class QueryBuilder {
  private readonly clauses: Clauses;
  private readonly body: Stmt[] = [];
  private decoderClause: DecoderClause | undefined;

  constructor(
    private readonly ctx: ConvertContext,
    private readonly at: Span,
  ) {
    this.clauses = new Clauses(ctx);
  }

  get hasDecoder(): boolean {
    return this.decoderClause !== undefined;
  }

  add(cst: CstNode): void {
    const scope = { topLevel: true, clauses: this.clauses };
    const dec = sub(cst, "decoderClause");
    if (dec !== undefined) {
      this.decoderClause = decoder(this.ctx, dec);
      this.reportPromptsBefore(this.decoderClause);
      // Strings in the indented body lose the body's indentation too, as LMQL dedents the prompt clause.
      const indent = tok(dec, "Indent")?.image ?? "";
      const inBody: ConvertContext = { ...this.ctx, stringIndent: this.ctx.stringIndent + indent };
      this.body.push(...blockItems(inBody, subs(dec, "blockItem"), scope));
    }
    this.body.push(...blockItems(this.ctx, subs(cst, "topLevelItem"), scope));
  }

  /** LMQL runs what precedes the decoder line as plain Python: a prompt there would be dropped. */
  private reportPromptsBefore(d: DecoderClause): void {
    for (const s of this.body) {
      if (s.kind === "prompt") this.ctx.diagnostics.push(syntaxErrors.promptBeforeDecoder(s.span.start, s.span.end, d.name));
    }
  }

  finish(): Query {
    const { clauses } = this;
    const distribution = clauses.finalDistribution();
    return {
      kind: "query",
      ...(this.decoderClause ? { decoder: this.decoderClause } : {}),
      body: this.body,
      ...(clauses.modelClause ? { model: clauses.modelClause } : {}),
      ...(clauses.whereExpr ? { where: clauses.whereExpr } : {}),
      ...(distribution ? { distribution } : {}),
      span: this.at,
    };
  }
}
