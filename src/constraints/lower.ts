/**
 * ConstraintSpec → a plan: one byte DFA over the generated text plus counters kept beside it.
 *
 * Rules (documented here because masks depend on them):
 * - Top-level conjuncts `len(X) op n` and `len(TOKENS(X)) op n` become counters (no states added);
 *   under `or`/`not`, character and word lengths are small counting DFAs, so they stay exact.
 * - `len(TOKENS(X))` under `or`/`not` cannot be a byte automaton: the mask treats it as satisfiable
 *   (polarity-aware, so `not` does not turn it into "never"), and the finished value is checked with
 *   its token count (`approximate`).
 * - `STOPS_BEFORE` at the top level runs over the generated text (see stop-before.ts); nested, it
 *   means "the value does not contain s".
 * - Every value is well-formed UTF-8: the product always includes a UTF-8 validity automaton.
 */
import {
  anyDfa, charCountDfa, choiceDfa, complement, literalDfa, product, trim, utf8Dfa, wordCountDfa, type Dfa,
} from "./dfa.js";
import { ANY_LENGTH, allowsLength, intersectLengths, lengthHorizon, lengthSet, type LengthSet } from "./length-set.js";
import { regexDfa } from "./regex-dfa.js";
import type { ConstraintSpec } from "./spec.js";
import { stopBeforeDfa } from "./stop-before.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export interface Plan {
  /** Trimmed: −1 wherever acceptance became impossible. */
  readonly dfa: Dfa;
  /** Per state: trailing bytes/characters of the generated text that are a STOPS_BEFORE phrase. */
  readonly stripBytes: Int32Array;
  readonly stripChars: Int32Array;
  /** Character length of the value (code points), when constrained at the top level. */
  readonly chars: LengthSet | undefined;
  /** Token count, when constrained at the top level. */
  readonly tokens: LengthSet | undefined;
  /** Some part is checked only on the finished value (see the rules above). */
  readonly approximate: boolean;
  /** Per byte: a token may run past the value's end when this is its first byte past it (see spillRule). */
  readonly spillOk: Uint8Array;
}

export const INT_PATTERN = "-?[0-9]+";
export const FLOAT_PATTERN = "-?[0-9]+(?:\\.[0-9]+)?";

const encoder = new TextEncoder();

export function flattenAnd(spec: ConstraintSpec): ConstraintSpec[] {
  return spec.kind === "and" ? spec.parts.flatMap(flattenAnd) : [spec];
}

/** Lowers a part that lives inside the DFA. `positive` is false under an odd number of `not`s. */
function lowerPart(spec: ConstraintSpec, positive: boolean, flags: { approximate: boolean }): Dfa {
  switch (spec.kind) {
    case "true":
      return anyDfa(true);
    case "false":
      return anyDfa(false);
    case "regex":
      return regexDfa(spec.pattern);
    case "choice":
      return choiceDfa(spec.options.map((o) => encoder.encode(o)));
    case "int":
      return regexDfa(INT_PATTERN);
    case "float":
      return regexDfa(FLOAT_PATTERN);
    case "stopsAt":
      return literalDfa(encoder.encode(spec.stop), "stopsAt");
    case "stopsBefore":
      return complement(literalDfa(encoder.encode(spec.stop), "contains"));
    case "charLength": {
      const set = lengthSet(spec.op, spec.n);
      return charCountDfa(lengthHorizon(set), (n) => allowsLength(set, n));
    }
    case "wordLength": {
      const set = lengthSet(spec.op, spec.n);
      return wordCountDfa(lengthHorizon(set), (n) => allowsLength(set, n));
    }
    case "tokenLength":
      flags.approximate = true;
      return anyDfa(positive);
    case "startsWith":
      return literalDfa(encoder.encode(spec.prefix), "startsWith");
    case "endsWith":
      return literalDfa(encoder.encode(spec.suffix), "endsWith");
    case "contains":
      return literalDfa(encoder.encode(spec.text), "contains");
    case "equals":
      return literalDfa(encoder.encode(spec.text), "equals");
    case "and":
      return spec.parts.map((p) => trim(lowerPart(p, positive, flags))).reduce((a, b) => trim(product(a, b, "and")), anyDfa(true));
    case "or":
      return spec.parts.map((p) => trim(lowerPart(p, positive, flags))).reduce((a, b) => trim(product(a, b, "or")), anyDfa(false));
    case "not":
      return complement(trim(lowerPart(spec.part, !positive, flags)));
    default:
      return unreachable(spec);
  }
}

function finalStates(d: Dfa): Uint8Array {
  const final = new Uint8Array(d.states);
  for (let s = 0; s < d.states; s++) {
    if (d.accept[s] === 0) continue;
    let open = false;
    for (let b = 0; b < 256 && !open; b++) open = d.trans[s * 256 + b] >= 0;
    final[s] = open ? 0 : 1;
  }
  return final;
}

/**
 * Which tokens may run past the value's end (the overshoot rule in walk.ts). After a stop phrase,
 * anything may follow: LMQL drops the text after the phrase too. Otherwise the value's end must be a
 * word boundary: a token whose first byte past the end is a letter, digit or `_` (or part of a
 * non-ASCII character) is masked, so a regex like `[a-z]{2,4}` never cuts `length` to `leng`; the
 * model then writes the end exactly with shorter tokens.
 */
export function spillRule(spec: ConstraintSpec): Uint8Array {
  const stops = flattenAnd(spec).some((p) => (p.kind === "stopsAt" || p.kind === "stopsBefore") && p.stop.length > 0);
  const ok = new Uint8Array(256);
  for (let b = 0; b < 256; b++) ok[b] = stops || (b < 0x80 && !/[A-Za-z0-9_]/.test(String.fromCharCode(b))) ? 1 : 0;
  return ok;
}

export function lowerSpec(spec: ConstraintSpec): Plan {
  const flags = { approximate: false };
  let chars: LengthSet | undefined;
  let tokens: LengthSet | undefined;
  const stops: Uint8Array[] = [];
  let dfa = utf8Dfa();
  for (const part of flattenAnd(spec)) {
    if (part.kind === "charLength") chars = intersectLengths(chars ?? ANY_LENGTH, lengthSet(part.op, part.n));
    else if (part.kind === "tokenLength") tokens = intersectLengths(tokens ?? ANY_LENGTH, lengthSet(part.op, part.n));
    else if (part.kind === "stopsBefore" && part.stop.length > 0) stops.push(encoder.encode(part.stop));
    else dfa = trim(product(dfa, trim(lowerPart(part, true, flags)), "and"));
  }
  if (stops.length === 0) {
    const zeros = new Int32Array(dfa.states);
    return { dfa, stripBytes: zeros, stripChars: zeros, chars, tokens, approximate: flags.approximate, spillOk: spillRule(spec) };
  }
  const g = stopBeforeDfa(dfa, finalStates(dfa), stops);
  return { dfa: trim(g), stripBytes: g.stripBytes, stripChars: g.stripChars, chars, tokens, approximate: flags.approximate, spillOk: spillRule(spec) };
}

export { finalStates };
