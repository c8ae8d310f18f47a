/** The query's clauses: decoder (`sample(n=2)`), model (`from "..."`) and `distribution`. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
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
import { closest } from "./suggest.js";
import { dottedName, holesOf, numberLiteral, promptsOf } from "./walk.js";

/** Arguments every decoder accepts (LMQL's general decoding options). */
const COMMON_ARGS = ["max_len", "seed", "verbose", "cache", "chunksize", "openai_chunksize", "chatty_openai", "show_speculative", "certificate", "return_all"];
const SAMPLING_ARGS = ["n", "temperature", "top_k", "top_p"];

export const DECODERS: Readonly<Record<string, readonly string[]>> = {
  argmax: COMMON_ARGS,
  sample: [...SAMPLING_ARGS, ...COMMON_ARGS],
  beam: ["n", ...COMMON_ARGS],
  beam_sample: [...SAMPLING_ARGS, ...COMMON_ARGS],
  beam_var: ["n", ...COMMON_ARGS],
  var: ["n", ...COMMON_ARGS],
  best_k: ["n", "temperature", ...COMMON_ARGS],
};

/** Range checks on literal argument values; non-literal values are the runtime's to judge. */
const RANGES: Readonly<Record<string, { readonly ok: (n: number) => boolean; readonly requirement: string }>> = {
  n: { ok: (n) => Number.isInteger(n) && n >= 1, requirement: "a whole number ≥ 1" },
  temperature: { ok: (n) => n >= 0, requirement: "≥ 0" },
  top_k: { ok: (n) => Number.isInteger(n) && n >= 1, requirement: "a whole number ≥ 1" },
  top_p: { ok: (n) => n > 0 && n <= 1, requirement: "in (0, 1]" },
  max_len: { ok: (n) => Number.isInteger(n) && n >= 1, requirement: "a whole number ≥ 1" },
  seed: { ok: (n) => Number.isInteger(n), requirement: "a whole number" },
};

/** Literals that can never be a number (names and calls are the runtime's to judge). */
const NOT_NUMBERS = new Set<Expr["kind"]>(["string", "fstring", "constant", "list", "tuple", "set", "dict"]);

export function checkDecoder(decoder: DecoderClause): Diagnostic[] {
  const known = DECODERS[decoder.name];
  if (known === undefined) return [unknownDecoder(decoder.name, decoder.nameSpan, closest(decoder.name, Object.keys(DECODERS)))];
  const out: Diagnostic[] = [];
  for (const arg of decoder.args) {
    if (arg.kind !== "keyword") {
      out.push(positionalDecoderArgument(decoder.name, arg.span));
      continue;
    }
    if (!known.includes(arg.name)) {
      const listed = known.filter((k) => !COMMON_ARGS.includes(k) || k === "max_len" || k === "seed");
      out.push(unknownDecoderArgument(decoder.name, arg.name, listed, arg.nameSpan, closest(arg.name, known)));
      continue;
    }
    const range = RANGES[arg.name];
    if (range === undefined) continue;
    const value = numberLiteral(arg.value);
    // `None` leaves a setting at its default.
    const literal = NOT_NUMBERS.has(arg.value.kind) && !(arg.value.kind === "constant" && arg.value.value === null);
    if (literal || (value !== undefined && !range.ok(value))) out.push(decoderArgumentRange(arg.name, range.requirement, arg.value.span));
  }
  return out;
}

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
  const suggestion = closest(e.name, Object.keys(DECODERS));
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
