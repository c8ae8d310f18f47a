/** formatValue against CPython's format() for random values and specs (fixtures/format-cases.json). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatValue, PyError, PyFloat, type Value } from "../../src/runtime/eval/index.js";

interface Case {
  readonly type: "int" | "bool" | "str" | "float";
  readonly value: number | boolean | string;
  readonly spec: string;
  readonly out?: string;
  readonly error?: string;
  readonly message?: string;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/format-cases.json", import.meta.url), "utf8")) as { python: string; cases: Case[] };

/** Floats are stored as their repr (JSON has no inf, nan or -0.0). */
function valueOf(c: Case): Value {
  if (c.type !== "float") return c.value;
  const text = c.value as string;
  const x = text === "inf" ? Infinity : text === "-inf" ? -Infinity : text === "nan" ? NaN : Number(text);
  return new PyFloat(x);
}

describe(`format() agrees with CPython ${fixture.python}`, () => {
  it(`on ${fixture.cases.length} random value/spec pairs`, () => {
    const wrong: string[] = [];
    for (const c of fixture.cases) {
      let got: string;
      try {
        got = JSON.stringify(formatValue(valueOf(c), c.spec));
      } catch (e) {
        if (!(e instanceof PyError)) throw e;
        got = `${e.pyType}: ${e.pyMessage}`;
      }
      const expected = c.out !== undefined ? JSON.stringify(c.out) : `${c.error}: ${c.message}`;
      if (got !== expected) wrong.push(`format(${c.type} ${JSON.stringify(c.value)}, ${JSON.stringify(c.spec)})\n    python: ${expected}\n    ours:   ${got}`);
    }
    expect(wrong.join("\n")).toBe("");
  });
});
