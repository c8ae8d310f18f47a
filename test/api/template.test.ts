import { describe, expect, it } from "vitest";
import { lmql, openStringAt, templateSource } from "../../src/api/template.js";

describe("lmql tagged template", () => {
  it("interpolates values inside prompt strings and names them in code", () => {
    expect(templateSource([`"Capital of `, `? [A]" where len(TOKENS(A)) < `, ``])).toBe(`"Capital of {__arg0}? [A]" where len(TOKENS(A)) < __arg1`);
  });

  it("tracks quotes across triple quotes, escapes and comments", () => {
    expect(openStringAt(`"""a "b" `)?.quote).toBe(`"""`);
    expect(openStringAt(`'it\\'s `)?.quote).toBe(`'`);
    expect(openStringAt(`# don't\nx = `)).toBeUndefined();
    expect(openStringAt(`"a" + `)).toBeUndefined();
  });

  it("splits a code string around the value and keeps its prefix", () => {
    expect(templateSource([`"[A]" where STOPS_AT(A, "`, `")`])).toBe(`"[A]" where STOPS_AT(A, "" + str(__arg0) + "")`);
    expect(templateSource([`"[A]" where REGEX(A, r"\d+`, `")`])).toBe(`"[A]" where REGEX(A, r"\d+" + str(__arg0) + r"")`);
    expect(templateSource([`x = f"n={`, `}"`])).toBe(`x = f"n={{__arg0}}"`);
  });

  it("binds each value as an input and compiles once per call site", () => {
    const make = (country: string) => lmql`"Q: What is the capital of ${country}? [A]" where STOPS_AT(A, "\n")`;
    const a = make("France");
    const b = make("Peru");
    expect(a.query).toBe(b.query);
    expect(a.query.inputs).toEqual(["__arg0"]);
    expect([a.args, b.args]).toEqual([{ __arg0: "France" }, { __arg0: "Peru" }]);
  });

  it("binds a value used inside a constraint's string argument", async () => {
    const stop = "\n";
    const q = lmql`"Say: [A]" where STOPS_AT(A, "${stop}") and len(TOKENS(A)) < 5`;
    const specs: unknown[] = [];
    await q.run({ model: "local:micro-lm", onEvent: (e) => e.type === "hole-end" && specs.push(e.spec) });
    expect(specs).toEqual([{ kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "tokenLength", op: "<", n: 5 }] }]);
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
