/** Inputs that must end in diagnostics or a clean AST, never an exception. */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

function run(text: string) {
  return parse({ name: "big.lmql", text });
}

describe("robustness", () => {
  it("parses an empty file and a blank one to an empty query", () => {
    for (const text of ["", "\n\n  \n", "# only a comment"]) {
      const r = run(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.value.body).toEqual([]);
    }
  });

  it("parses a 100,000-line file", { timeout: 60_000 }, () => {
    const lines: string[] = [];
    for (let i = 0; i < 25_000; i++) {
      lines.push(`x${i} = ${i} + 1`, `"Q {x${i}} [A${i}]" where len(A${i}) < 3`, `if x${i} > 3:`, `    print(x${i})`);
    }
    const r = run(lines.join("\n"));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.body).toHaveLength(75_000);
  });

  it("cuts 5,000 nested brackets with one diagnostic", () => {
    for (const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"]]) {
      const text = `x = ${open!.repeat(5000)}1${close!.repeat(5000)}\n"after [X]"\n`;
      const r = run(text);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["E105"]);
      expect(r.value.body.map((s) => s.kind)).toEqual(["assign", "prompt"]);
    }
  });

  it("survives unclosed deep nesting and deep prompt nesting", () => {
    expect(run("[".repeat(5000)).diagnostics.length).toBeGreaterThan(0);
    expect(() => run('"' + '{"'.repeat(300) + '"')).not.toThrow();
    expect(() => run('"' + "{".repeat(5000) + '"')).not.toThrow();
  });

  it("leaves out blocks nested too deeply instead of overflowing the stack", () => {
    const nested = (depth: number): string => {
      let text = "";
      for (let i = 0; i < depth; i++) text += " ".repeat(i) + "if x:\n";
      return text + " ".repeat(depth) + "pass\ny = 1\n";
    };
    expect(run(nested(50)).diagnostics).toEqual([]);
    const r = run(nested(3000));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E107", "E115"]);
    expect(r.diagnostics[0]!.span.start).toBe(nested(3000).indexOf("\n" + " ".repeat(51) + "if") + 1);
    expect(r.value.body.map((s) => s.kind)).toEqual(["if", "assign"]);
  });

  it("survives binary garbage with a bounded number of diagnostics", () => {
    let seed = 7;
    const bytes = Array.from({ length: 20_000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(seed % 256);
    }).join("");
    const r = run(bytes);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.length).toBeLessThan(2000);
  });
});

describe("errors deep inside brackets", () => {
  it("are reported without overflowing the stack", () => {
    for (const depth of [49, 50, 51, 5000]) {
      for (const [open, close] of [["[", "]"], ["f(", ")"], ["{", "}"]]) {
        const text = `x = ${open!.repeat(depth)}1 2${close!.repeat(depth)}\ny = 1\n`;
        const r = run(text);
        expect(r.diagnostics.map((d) => d.code)).not.toContain("E106");
        expect(r.diagnostics.length).toBeGreaterThan(0);
        expect(r.value.body.map((s) => s.kind)).toEqual(["assign", "assign"]);
      }
    }
  });

  it("loses only the statement that is too deep to parse", () => {
    const text = `a = 1\nx = ${"lambda: ".repeat(3000)}1\ny = 2\n`;
    const r = run(text);
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([["E106", text.indexOf("x =")]]);
    expect(r.value.body.map((s) => s.kind)).toEqual(["assign", "assign"]);
  });
});
