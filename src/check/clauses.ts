/** The query's clauses: decoder (`sample(n=2)`), model (`from "..."`) and `distribution`. */
import { error, warning, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { DECODER_ARGUMENTS, DECODER_CODES, DECODERS } from "../language/decoders.js";
import type { DecoderClause, DistributionClause, Expr, ModelClause, PromptStmt, Query } from "../syntax/ast.js";
import {
  badModelClause,
  decoderArgumentRange,
  distributionEmpty,
  distributionNotHole,
  distributionOptionNotString,
  emptyModel,
  positionalDecoderArgument,
  unknownDecoder,
  unknownDecoderArgument,
} from "./errors.js";
import { closest } from "../diagnostics/suggest.js";
import { dottedName, holesOf, numberLiteral, promptsOf } from "./walk.js";

/**
 * The decoder clause against the one decoder table (src/language/decoders.ts): unknown decoders and
 * arguments, LMQL decoders we reject, literal values out of range, and LMQL options that do nothing
 * here (a warning, so LMQL queries still run).
 */
export function checkDecoder(decoder: DecoderClause): Diagnostic[] {
  const known = DECODERS.get(decoder.name);
  if (known === undefined) return [unknownDecoder(decoder.name, decoder.nameSpan, closest(decoder.name, [...DECODERS.keys()]))];
  if (known.runs === undefined) return [unsupportedDecoder(decoder.name, known.unsupported ?? "", decoder.nameSpan)];
  const out: Diagnostic[] = [];
  for (const arg of decoder.args) {
    if (arg.kind !== "keyword") {
      out.push(positionalDecoderArgument(decoder.name, arg.span));
      continue;
    }
    if (!known.args.includes(arg.name)) {
      const listed = known.args.filter((k) => DECODER_ARGUMENTS.get(k)?.effect === "used");
      out.push(unknownDecoderArgument(decoder.name, arg.name, listed, arg.nameSpan, closest(arg.name, known.args)));
      continue;
    }
    const definition = DECODER_ARGUMENTS.get(arg.name);
    if (definition?.effect === "ignored") {
      out.push(ignoredDecoderOption(arg.name, definition.why ?? "", arg.nameSpan));
      continue;
    }
    const range = definition?.range;
    if (range === undefined) continue;
    const value = numberLiteral(arg.value);
    // `None` leaves a setting at its default.
    const literal = NOT_NUMBERS.has(arg.value.kind) && !(arg.value.kind === "constant" && arg.value.value === null);
    if (literal || (value !== undefined && !range.check(value))) out.push(decoderArgumentRange(arg.name, range.requirement, arg.value.span));
  }
  return out;
}

/** E244: a decoder LMQL has that this runtime does not run (never silently replaced by another). */
export function unsupportedDecoder(name: string, why: string, at: Span): Diagnostic {
  return error(DECODER_CODES.unsupported, `decoder \`${name}\` is not supported: ${why}`, at, "use `beam(n=...)` for the n most likely results, or `sample(n=..., temperature=...)` for n samples");
}

/** W245: an LMQL option accepted for compatibility that changes nothing here. */
export function ignoredDecoderOption(name: string, why: string, at: Span): Diagnostic {
  return warning(DECODER_CODES.ignoredOption, `decoder option \`${name}\` has no effect here: ${why}`, at, "remove it, or keep it for LMQL compatibility");
}

/** Literals that can never be a number (names and calls are the runtime's to judge). */
const NOT_NUMBERS = new Set<Expr["kind"]>(["string", "fstring", "constant", "list", "tuple", "set", "dict"]);

/**
 * The parser recognises a decoder line only by its name, so `bean(n=2)` on the first line of a
 * query is an ordinary call. When such a first statement calls an undefined name close to a
 * decoder's, it is almost surely a misspelt decoder.
 */
export function checkDecoderLookalike(query: Query, isDefined: (name: string) => boolean): Diagnostic[] {
  const first = query.body[0];
  if (query.decoder !== undefined || first?.kind !== "expr") return [];
  const e = first.expr.kind === "call" ? first.expr.callee : first.expr;
  if (e.kind !== "name" || isDefined(e.name)) return [];
  const suggestion = closest(e.name, [...DECODERS.keys()]);
  return suggestion === undefined ? [] : [unknownDecoder(e.name, e.span, suggestion)];
}

export function checkModel(model: ModelClause): Diagnostic[] {
  const e = model.expr;
  if (e.kind === "string") return e.value.trim() === "" ? [emptyModel(e.span)] : [];
  if (e.kind === "call" && dottedName(e.callee) === "lmql.model") {
    const first = e.args[0];
    if (first === undefined || first.kind !== "positional") return [badModelClause("`lmql.model(...)` needs the model id as its first argument", e.span)];
    const id = first.value;
    if (id.kind === "string" && id.value.trim() === "") return [emptyModel(id.span)];
    return [];
  }
  if (e.kind === "name" || e.kind === "attribute" || e.kind === "fstring" || e.kind === "call") return [];
  return [badModelClause("expected a model id string", e.span)];
}

/** The prompt statement that runs last at top level, in source order. */
function lastPrompt(query: Query): PromptStmt | undefined {
  const prompts = promptsOf(query.body);
  return prompts[prompts.length - 1];
}

function checkOptions(options: Expr): Diagnostic[] {
  if (options.kind !== "list" && options.kind !== "tuple") return [];
  if (options.elements.length === 0) return [distributionEmpty(options.span)];
  const NOT_TEXT = new Set<Expr["kind"]>(["number", "constant", "list", "tuple", "set", "dict"]);
  return options.elements.filter((o) => NOT_TEXT.has(o.kind)).map((o) => distributionOptionNotString(o.span));
}

export function checkDistribution(distribution: DistributionClause, query: Query): Diagnostic[] {
  const last = lastPrompt(query);
  const holes = last === undefined ? [] : holesOf(last).map((h) => h.name);
  const out: Diagnostic[] = [];
  if (!holes.includes(distribution.variable)) out.push(distributionNotHole(distribution.variable, holes, distribution.variableSpan));
  out.push(...checkOptions(distribution.options));
  return out;
}
