/**
 * Constraints checked on a finished value, as plain string semantics. This is what backends without
 * logits use (`valueComplete`), and the independent reference the automata are tested against.
 * `tokens` is the value's token count when known; token-count constraints pass when it is not.
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
    case "stopsAt": {
      const at = value.indexOf(spec.stop);
      return at < 0 || at + spec.stop.length === value.length;
    }
    case "stopsBefore": return spec.stop.length === 0 || !value.includes(spec.stop);
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
