import { describe, expect, it } from "vitest";
import { at, parseDiagnostics, parseOk, shape } from "./helpers.js";

describe("classic form", () => {
  it("reads decoder, indented body, from, where, distribution", () => {
    const src = [
      "sample(n=2, temperature=0.7)",
      "    \"Q: {q}\\n\"",
      "    \"A: [ANSWER]\"",
      "from \"local:tiny-lm\"",
      "where len(TOKENS(ANSWER)) < 20",
      "distribution ANSWER in [\"yes\", \"no\"]",
      "",
    ].join("\n");
    const q = parseOk(src);
    expect(shape(q.decoder)).toEqual({
      name: "sample",
      args: [
        { kind: "keyword", name: "n", value: { kind: "number", value: 2, isFloat: false } },
        { kind: "keyword", name: "temperature", value: { kind: "number", value: 0.7, isFloat: true } },
      ],
    });
    expect(q.decoder?.span).toEqual(at(src, "sample(n=2, temperature=0.7)"));
    expect(q.body.map((s) => s.kind)).toEqual(["prompt", "prompt"]);
    expect(shape(q.model?.expr)).toEqual({ kind: "string", value: "local:tiny-lm", raw: false });
    expect(q.model?.span).toEqual(at(src, 'from "local:tiny-lm"'));
    expect(q.where?.kind).toBe("compare");
    expect(q.distribution?.variable).toBe("ANSWER");
    expect(q.distribution?.variableSpan).toEqual(at(src, "ANSWER", 2));
  });

  it("reads the one-line form", () => {
    const q = parseOk(`argmax "What is the capital of France? [ANSWER]" from "gpt2"`);
    expect(q.decoder?.name).toBe("argmax");
    expect(q.body.map((s) => s.kind)).toEqual(["prompt"]);
    expect(shape(q.model?.expr)).toMatchObject({ value: "gpt2" });
  });

  it("reads a from clause whose string is on the next, indented line", () => {
    const q = parseOk(`argmax\n    "[R]"\nfrom\n    "openai/text-ada-001"\n`);
    expect(shape(q.model?.expr)).toMatchObject({ value: "openai/text-ada-001" });
  });

  it("reads lmql.model(...) spread over lines with comments, and multi-line where", () => {
    const src = [
      "argmax",
      "    \"[A]\"",
      "from lmql.model(",
      "    # the id",
      "    \"meta/llama\",",
      "    endpoint=\"x\",",
      ")",
      "where STOPS_AT(A, \"\\n\") and",
      "    len(A) < 200",
      "",
    ].join("\n");
    const q = parseOk(src);
    expect(shape(q.model?.expr)).toMatchObject({ kind: "call", args: [{ kind: "positional" }, { kind: "keyword", name: "endpoint" }] });
    expect(q.where?.kind).toBe("logical");
  });

  it("reads the modern form: decoder alone on its line, statements at the same level", () => {
    const q = parseOk(`beam(n=2)\n\n"Q [X]"\nx = X.strip()\n`);
    expect(q.decoder?.name).toBe("beam");
    expect(q.body.map((s) => s.kind)).toEqual(["prompt", "assign"]);
  });

  it("does not take an ordinary first statement for a decoder", () => {
    const q = parseOk(`greet()\nprint("x")\n`);
    expect(q.decoder).toBeUndefined();
    expect(q.body.map((s) => s.kind)).toEqual(["expr", "expr"]);
  });

  it("takes any name with an indented body for a decoder (the checker judges the name)", () => {
    const q = parseOk(`argmaks\n    "[X]"\n`);
    expect(q.decoder?.name).toBe("argmaks");
  });
});

describe("clause errors", () => {
  it("reports a clause inside a block", () => {
    const src = `if x:\n    where len(A) < 3\n`;
    expect(parseDiagnostics(src).map((d) => [d.code, d.span])).toEqual([["E130", at(src, "where len(A) < 3")]]);
  });

  it("reports a second from clause", () => {
    const src = `"[A]"\nfrom "a"\nfrom "b"\n`;
    expect(parseDiagnostics(src).map((d) => [d.code, d.span])).toEqual([["E131", at(src, 'from "b"')]]);
  });

  it("reports where after something that is not a prompt", () => {
    const src = `x = 1 where x\n`;
    expect(parseDiagnostics(src).map((d) => [d.code, d.span])).toEqual([["E132", at(src, "where")]]);
  });
});

describe("distribution placement", () => {
  it("rejects a distribution on a prompt inside a function", () => {
    const src = `def f():\n    "[A]" distribution A in ["x"]\n"[B]"\n`;
    expect(parseDiagnostics(src).map((d) => [d.code, d.span])).toEqual([["E133", at(src, 'distribution A in ["x"]')]]);
  });

  it("rejects two distributions", () => {
    const src = `"[A]" distribution A in ["x"]\ndistribution A in ["y"]\n`;
    expect(parseDiagnostics(src).map((d) => d.code)).toEqual(["E131"]);
  });
});
