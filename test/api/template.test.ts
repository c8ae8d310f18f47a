import { describe, expect, it } from "vitest";
import { lmql, quoteStateAfter, templateSource } from "../../src/api/template.js";

describe("lmql tagged template", () => {
  it("interpolates values inside prompt strings and names them in code", () => {
    expect(templateSource([`"Capital of `, `? [A]" where len(TOKENS(A)) < `, ``])).toBe(`"Capital of {__arg0}? [A]" where len(TOKENS(A)) < __arg1`);
  });

  it("tracks quotes across triple quotes, escapes and comments", () => {
    expect(quoteStateAfter(`"""a "b" `, undefined)).toBe(`"""`);
    expect(quoteStateAfter(`'it\\'s `, undefined)).toBe(`'`);
    expect(quoteStateAfter(`# don't\nx = `, undefined)).toBeUndefined();
    expect(quoteStateAfter(`end" + `, `"`)).toBeUndefined();
  });

  it("binds each value as an input and compiles once per call site", () => {
    const make = (country: string) => lmql`"Q: What is the capital of ${country}? [A]" where STOPS_AT(A, "\n")`;
    const a = make("France");
    const b = make("Peru");
    expect(a.query).toBe(b.query);
    expect(a.query.inputs).toEqual(["__arg0"]);
    expect([a.args, b.args]).toEqual([{ __arg0: "France" }, { __arg0: "Peru" }]);
  });

  it("runs with the bound values on a model", async () => {
    const limit = 4;
    const r = await lmql`"Q: What is the capital of ${"France"}?\nA: [A]" where len(TOKENS(A)) < ${limit}`.run({ model: "local:micro-lm" });
    expect(r.results[0]!.prompt.startsWith("Q: What is the capital of France?\nA: ")).toBe(true);
  });

  it("throws located diagnostics for a broken template", () => {
    expect(() => lmql`"[A" where ${1}`).toThrow();
  });
});
