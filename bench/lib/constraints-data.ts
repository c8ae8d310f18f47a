/**
 * The benchmark's constraints: for each, a trace string, XGrammar's EBNF and our ConstraintSpec for
 * the same language (bench/data/mask-constraints.json).
 */
import { readFileSync } from "node:fs";
import type { ConstraintSpec } from "../../src/constraints/spec.js";

export interface BenchConstraint {
  readonly name: string;
  /** One valid value: tokenized with the vocabulary's tokenizer, it is the trace. */
  readonly text: string;
  /**
   * A second valid value, run once after the warm passes: the states it visits (other lengths, other
   * automaton states) are new, so it shows the cost of steady decoding on text the caches never saw.
   */
  readonly otherText: string;
  readonly regex: string;
  readonly ebnf: string;
  readonly spec: ConstraintSpec;
  /** Why `spec` and `ebnf` describe the same language. */
  readonly sameLanguage: string;
}

const DATA_URL = new URL("../data/mask-constraints.json", import.meta.url);

export function loadBenchConstraints(): readonly BenchConstraint[] {
  const data: unknown = JSON.parse(readFileSync(DATA_URL, "utf8"));
  if (!isRecord(data) || !Array.isArray(data.constraints)) {
    throw new Error(`${DATA_URL.pathname}: expected { constraints: [...] }`);
  }
  return data.constraints.map((entry, i) => toConstraint(entry, i));
}

function toConstraint(entry: unknown, index: number): BenchConstraint {
  const where = `${DATA_URL.pathname}: constraints[${index}]`;
  if (!isRecord(entry)) throw new Error(`${where} is not an object`);
  const text = (key: string): string => {
    const value = entry[key];
    if (typeof value !== "string") throw new Error(`${where}.${key} must be a string`);
    return value;
  };
  const spec = entry.spec;
  // The spec is checked by our engine's compiler; here only that it is a tagged object.
  if (!isRecord(spec) || typeof spec.kind !== "string") throw new Error(`${where}.spec must have a kind`);
  return {
    name: text("name"),
    text: text("text"),
    otherText: text("otherText"),
    regex: text("regex"),
    ebnf: text("ebnf"),
    spec: spec as unknown as ConstraintSpec,
    sameLanguage: text("sameLanguage"),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
