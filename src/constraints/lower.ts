/**
 * ConstraintSpec → a plan: one byte DFA over the generated text plus counters kept beside it.
 *
 * Rules (documented here because masks depend on them):
 * - Top-level conjuncts `len(X) op n` and `len(TOKENS(X)) op n` become counters (no states added);
 *   under `or`/`not`, character and word lengths are small counting DFAs, so they stay exact.
 * - `len(TOKENS(X))` under `or`/`not` cannot be a byte automaton: the mask treats it as satisfiable
 *   (polarity-aware, so `not` does not turn it into "never"), and the finished value is checked with
 *   its token count (`approximate`).
 * - Stopping phrases (evaluate.ts, `stopRules`): as conditions they are true; as rules, the DFA runs
 *   one "phrase produced and side conditions hold" automaton per rule beside the value's, and a state
 *   where one accepts *fires*: in `dfa` the byte leads to a final copy of that state (the value ends,
 *   STOPS_BEFORE's phrase is cut by `stripBytes`). When a top-level token count is a side condition,
 *   `patient` is the same automaton where phrases do not fire; the mask engine picks per token.
 *   A character count that is a side condition and not a plain cap is lowered into the DFA, so that
 *   whether a phrase fires never depends on a counter inside a token.
 * - Every value is well-formed UTF-8: the product always includes a UTF-8 validity automaton.
 */
import {
  anyDfa, byteClasses, charCountDfa, choiceDfa, complement, explore, literalDfa, product, refineClasses, trim, utf8Dfa, wordCountDfa, type Dfa,
} from "./dfa.js";
import { ANY_LENGTH, allowsLength, intersectLengths, lengthHorizon, lengthSet, type LengthSet } from "./length-set.js";
import { regexDfa } from "./regex-dfa.js";
import type { ConstraintSpec } from "./spec.js";
import { stopRules, type StopRule } from "./evaluate.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export interface Plan {
  /** Trimmed: −1 wherever acceptance became impossible. Stopping phrases fire here. */
  readonly dfa: Dfa;
  /** The same states, where phrases do not fire (a token-count side condition is not met yet). */
  readonly patient: Dfa | undefined;
  /** Per state: trailing bytes of the generated text that are a STOPS_BEFORE phrase, not the value. */
  readonly stripBytes: Int32Array;
  /** Character length of the generated text (code points), when constrained at the top level. */
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
    case "stopsBefore":
      // As a condition a stopping phrase always holds; its rule is lowered by `withStops`.
      return anyDfa(true);
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
  const stops = stopRules(spec).length > 0;
  const ok = new Uint8Array(256);
  for (let b = 0; b < 256; b++) ok[b] = stops || (b < 0x80 && !/[A-Za-z0-9_]/.test(String.fromCharCode(b))) ? 1 : 0;
  return ok;
}

export function lowerSpec(spec: ConstraintSpec): Plan {
  const flags = { approximate: false };
  const rules = stopRules(spec);
  let chars: LengthSet | undefined;
  let tokens: LengthSet | undefined;
  const counters = new Set<ConstraintSpec>();
  let dfa = utf8Dfa();
  for (const part of flattenAnd(spec)) {
    if (part.kind === "charLength") chars = intersectLengths(chars ?? ANY_LENGTH, lengthSet(part.op, part.n));
    else if (part.kind === "tokenLength") tokens = intersectLengths(tokens ?? ANY_LENGTH, lengthSet(part.op, part.n));
    else {
      dfa = trim(product(dfa, trim(lowerPart(part, true, flags)), "and"));
      continue;
    }
    counters.add(part);
  }
  if (rules.length > 0 && chars !== undefined && (chars.min > 0 || chars.excluded.length > 0)) {
    // Not a plain cap: whether a phrase fires would depend on the position inside a token.
    const set = chars;
    dfa = trim(product(dfa, charCountDfa(lengthHorizon(set), (n) => allowsLength(set, n)), "and"));
    for (const c of counters) if (c.kind === "charLength") counters.delete(c);
    chars = undefined;
  }
  const base = { chars, tokens, approximate: flags.approximate, spillOk: spillRule(spec) };
  if (rules.length === 0) return { ...base, dfa, patient: undefined, stripBytes: new Int32Array(dfa.states) };
  const sides = rules.map((r) => sideDfa(r, counters, flags));
  const built = withStops(dfa, sides, rules);
  return { ...base, approximate: flags.approximate, dfa: trim(built.dfa), patient: tokens === undefined ? undefined : trim(built.patient), stripBytes: built.strip };
}

/** "The rule's phrase was just produced and its side conditions (counters aside) hold." */
function sideDfa(rule: StopRule, counters: ReadonlySet<ConstraintSpec>, flags: { approximate: boolean }): Dfa {
  let d = literalDfa(encoder.encode(rule.stop.stop), "endsWith");
  for (const side of rule.sides) if (!counters.has(side)) d = trim(product(d, trim(lowerPart(side, true, flags)), "and"));
  return d;
}

/**
 * The value's DFA run beside one side automaton per rule. A state where a rule accepts is a
 * candidate: `patient` goes on from it, `dfa` enters its final copy instead (appended after the
 * explored states, so both automata share state numbers).
 */
function withStops(value: Dfa, sides: readonly Dfa[], rules: readonly StopRule[]): { dfa: Dfa; patient: Dfa; strip: Int32Array } {
  type K = readonly number[];
  const classes = sides.reduce((c, d) => refineClasses(c, byteClasses(d)), byteClasses(value));
  const patient = explore<K>(
    [0, ...sides.map(() => 0)],
    (k) => k.join(":"),
    (k, b) => {
      const h = value.trans[k[0] * 256 + b];
      if (h < 0) return undefined;
      return [h, ...sides.map((d, i) => (k[i + 1] < 0 ? -1 : d.trans[k[i + 1] * 256 + b]))];
    },
    (k) => value.accept[k[0]] === 1,
    classes,
  );
  const n = patient.states;
  const endedOf = new Int32Array(n).fill(-1);
  const copies: number[] = [];
  const strip: number[] = new Array<number>(n).fill(0);
  patient.keys.forEach((k, q) => {
    let cut = -1;
    sides.forEach((d, i) => {
      if (k[i + 1] < 0 || d.accept[k[i + 1]] === 0) return;
      const r = rules[i].stop;
      cut = Math.max(cut, r.kind === "stopsBefore" ? encoder.encode(r.stop).length : 0);
    });
    if (cut < 0) return;
    endedOf[q] = n + copies.length;
    copies.push(q);
    strip.push(cut);
  });
  const total = n + copies.length;
  const trans = new Int32Array(total * 256).fill(-1);
  for (let i = 0; i < n * 256; i++) {
    const t = patient.trans[i];
    trans[i] = t >= 0 && endedOf[t] >= 0 ? endedOf[t] : t;
  }
  const accept = new Uint8Array(total);
  accept.set(patient.accept);
  copies.forEach((q, i) => (accept[n + i] = patient.accept[q]));
  const wide = new Int32Array(total * 256).fill(-1);
  wide.set(patient.trans);
  return { dfa: { states: total, trans, accept }, patient: { states: total, trans: wide, accept }, strip: Int32Array.from(strip) };
}

export { finalStates };
