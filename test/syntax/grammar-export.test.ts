import { describe, expect, it } from "vitest";
import { DECODERS, serializedGrammar } from "../../src/syntax/parser.js";

describe("serializedGrammar", () => {
  it("lists every rule once, starting points included", () => {
    const names = serializedGrammar().map((r) => (r as unknown as { name: string }).name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of ["query", "statements", "expressionInput", "holeContent", "promptStmt", "decoderClause", "clauseLine", "orTest"]) {
      expect(names).toContain(rule);
    }
  });

  it("returns the same productions on every call (the parser is built once)", () => {
    expect(serializedGrammar()).toEqual(serializedGrammar());
  });

  it("names the decoders a modern-form query may start with", () => {
    expect([...DECODERS]).toEqual(expect.arrayContaining(["argmax", "sample", "beam", "best_k"]));
  });
});

describe("error phrases", () => {
  it("has a phrase for every rule, so no message shows an internal rule name", async () => {
    const { RULE_PHRASES } = await import("../../src/syntax/parse-errors.js");
    for (const rule of serializedGrammar().map((r) => (r as unknown as { name: string }).name)) expect(RULE_PHRASES[rule], rule).toBeDefined();
  });
});
