/**
 * Constraints checked on finished text, as plain string semantics. This is what backends without
 * logits use (`valueComplete`), what the runtime re-checks every finished value with, and the
 * independent reference the automata are tested against. `tokens` is the token count when known;
 * token-count constraints pass when it is not.
 *
 * Stopping phrases follow LMQL: as a condition `STOPS_AT`/`STOPS_BEFORE` is always true (the other
 * constraints speak about the text as generated, phrase included); as a rule, a phrase ends the
 * value when it is produced and its side conditions hold — the non-stopping siblings of every `and`
 * around it (`or` adds none; under `not` a phrase is no rule). See `stopRules` and `firedRules`.
 */
import type { ConstraintSpec, LengthOp } from "./spec.js";
import { FLOAT_PATTERN, INT_PATTERN } from "./lower.js";
import { unreachable } from "../diagnostics/diagnostic.js";
import { normalizePattern } from "./pattern.js";

export interface Verdict {
  readonly ok: boolean;
  readonly reason?: string;
}

const OK: Verdict = { ok: true };

function compareLength(n: number, op: LengthOp, m: number): boolean {
  switch (op) {
    case "<": return n < m;
    case "<=": return n <= m;
    case ">": return n > m;
    case ">=": return n >= m;
    case "==": return n === m;
    case "!=": return n !== m;
    default: return unreachable(op);
  }
}

const regexCache = new Map<string, RegExp>();

/** The whole value must match (the pattern normalized as in regex-dfa.ts). */
export function wholeRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    const p = normalizePattern(pattern);
    try {
      re = new RegExp(`^(?:${p})$`, "u");
    } catch {
      re = new RegExp(`^(?:${p})$`);
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function countWords(value: string): number {
  return value.split(/[\t\n\v\f\r ]+/).filter((w) => w.length > 0).length;
}

function holds(spec: ConstraintSpec, value: string, tokens: number | undefined): boolean {
  switch (spec.kind) {
    case "true": return true;
    case "false": return false;
    case "regex": return wholeRegex(spec.pattern).test(value);
    case "choice": return spec.options.includes(value);
    case "int": return wholeRegex(INT_PATTERN).test(value);
    case "float": return wholeRegex(FLOAT_PATTERN).test(value);
    case "stopsAt":
    case "stopsBefore": return true;
    case "charLength": return compareLength([...value].length, spec.op, spec.n);
    case "tokenLength": return tokens === undefined || compareLength(tokens, spec.op, spec.n);
    case "wordLength": return compareLength(countWords(value), spec.op, spec.n);
    case "startsWith": return value.startsWith(spec.prefix);
    case "endsWith": return value.endsWith(spec.suffix);
    case "contains": return value.includes(spec.text);
    case "equals": return value === spec.text;
    case "and": return spec.parts.every((p) => holds(p, value, tokens));
    case "or": return spec.parts.some((p) => holds(p, value, tokens));
    case "not": return !holds(spec.part, value, tokens);
    default: return unreachable(spec);
  }
}

/** A short description of a constraint for failure reasons. */
export function describe(spec: ConstraintSpec): string {
  switch (spec.kind) {
    case "true": return "True";
    case "false": return "False";
    case "regex": return `REGEX(${JSON.stringify(spec.pattern)})`;
    case "choice": return `in [${spec.options.map((o) => JSON.stringify(o)).join(", ")}]`;
    case "int": return "INT";
    case "float": return "FLOAT";
    case "stopsAt": return `STOPS_AT(${JSON.stringify(spec.stop)})`;
    case "stopsBefore": return `STOPS_BEFORE(${JSON.stringify(spec.stop)})`;
    case "charLength": return `len ${spec.op} ${spec.n}`;
    case "tokenLength": return `len(TOKENS) ${spec.op} ${spec.n}`;
    case "wordLength": return `len(WORDS) ${spec.op} ${spec.n}`;
    case "startsWith": return `startswith(${JSON.stringify(spec.prefix)})`;
    case "endsWith": return `endswith(${JSON.stringify(spec.suffix)})`;
    case "contains": return `${JSON.stringify(spec.text)} in value`;
    case "equals": return `== ${JSON.stringify(spec.text)}`;
    case "and": return spec.parts.map(describe).join(" and ");
    case "or": return spec.parts.map(describe).join(" or ");
    case "not": return `not (${describe(spec.part)})`;
    default: return unreachable(spec);
  }
}

/** Checks a finished value; on failure `reason` names the first top-level conjunct that fails. */
export function evaluateSpec(spec: ConstraintSpec, value: string, tokens: number | undefined): Verdict {
  const parts = spec.kind === "and" ? spec.parts : [spec];
  for (const part of parts) {
    if (!holds(part, value, tokens)) {
      const inner = part.kind === "and" ? evaluateSpec(part, value, tokens) : undefined;
      return { ok: false, reason: inner?.reason ?? `value ${JSON.stringify(value)} violates ${describe(part)}` };
    }
  }
  return OK;
}

export type StopSpec = ConstraintSpec & { readonly kind: "stopsAt" | "stopsBefore" };

/** A stopping phrase and the conditions that must hold on the generated text for it to end the value. */
export interface StopRule {
  readonly stop: StopSpec;
  readonly sides: readonly ConstraintSpec[];
}

export function isStop(spec: ConstraintSpec): spec is StopSpec {
  return spec.kind === "stopsAt" || spec.kind === "stopsBefore";
}

/** Every stopping phrase of a constraint with its side conditions (LMQL's `execute_op_stops_at_only`). */
export function stopRules(spec: ConstraintSpec, sides: readonly ConstraintSpec[] = []): StopRule[] {
  switch (spec.kind) {
    case "stopsAt":
    case "stopsBefore":
      return spec.stop.length === 0 ? [] : [{ stop: spec, sides }];
    case "and": {
      const others = spec.parts.filter((p) => !isStop(p));
      return spec.parts.flatMap((p) => stopRules(p, [...sides, ...others.filter((o) => o !== p)]));
    }
    case "or":
      return spec.parts.flatMap((p) => stopRules(p, sides));
    default:
      return [];
  }
}

/** The rules whose phrase ends the generated text `g` and whose side conditions hold on it. */
export function firedRules(rules: readonly StopRule[], g: string, tokens: number | undefined): StopRule[] {
  return rules.filter((r) => g.endsWith(r.stop.stop) && r.sides.every((p) => holds(p, g, tokens)));
}

/** Bytes cut off the generated text when these rules fire: the longest STOPS_BEFORE phrase among them. */
export function cutOf(fired: readonly StopRule[]): string {
  let cut = "";
  for (const r of fired) if (r.stop.kind === "stopsBefore" && r.stop.stop.length > cut.length) cut = r.stop.stop;
  return cut;
}

/**
 * Re-checks a finished hole: the generated text satisfies the constraint, the value is that text
 * (with the phrase cut when a STOPS_BEFORE rule ended it), and when it ended on a phrase that phrase
 * was a rule that fires there.
 */
export function checkFinished(spec: ConstraintSpec, generated: string, value: string, tokens: number | undefined): Verdict {
  const verdict = evaluateSpec(spec, generated, tokens);
  if (!verdict.ok) return verdict;
  const fired = firedRules(stopRules(spec), generated, tokens);
  const cut = cutOf(fired);
  const want = cut.length > 0 ? generated.slice(0, generated.length - cut.length) : generated;
  if (value === want) return OK;
  return { ok: false, reason: `value ${JSON.stringify(value)} is not the generated text ${JSON.stringify(generated)} after its stopping phrase` };
}
