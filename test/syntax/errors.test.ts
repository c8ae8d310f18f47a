import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { at, parseDiagnostics } from "./helpers.js";

/** `[code, start, end]` of every diagnostic. */
function located(text: string): [string, number, number][] {
  return parseDiagnostics(text).map((d) => [d.code, d.span.start, d.span.end]);
}

describe("lexer errors", () => {
  it("reports stray characters, merged when adjacent", () => {
    const src = "x = 1\ny = 2 $$ 3\n";
    const d = parseDiagnostics(src);
    expect(d[0]).toMatchObject({ code: "E100", span: at(src, "$$") });
    expect(d[0]!.hint).toBeDefined();
  });

  it("reports non-ASCII symbols outside strings with a hint", () => {
    const src = `"Hello [NAME]"\n⬆ 1\n`;
    const d = parseDiagnostics(src);
    expect(d[0]).toMatchObject({ code: "E100", span: at(src, "⬆") });
    expect(d[0]!.hint).toMatch(/prompt string/);
  });

  it("reports unterminated strings where they start", () => {
    expect(located(`x = "abc\ny = 1\n`)).toEqual([["E101", 4, 8]]);
    const triple = `"""abc\n[X]\n`;
    expect(located(triple)).toEqual([["E101", 0, triple.length]]);
  });
});

describe("indentation errors", () => {
  it("reports a dedent to a level never opened", () => {
    const src = "if x:\n    a = 1\n  b = 2\n";
    expect(located(src)).toEqual([["E102", src.indexOf("  b"), src.indexOf("b = 2")]]);
  });

  it("reports tabs mixed with spaces", () => {
    const src = "if x:\n\ta = 1\n    b = 2\n";
    expect(located(src).map((d) => d[0])).toContain("E103");
  });

  it("reports unexpected indentation and goes on", () => {
    const src = "x = 1\n    y = 2\nz = 3\n";
    const r = parse({ name: "t", text: src });
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([["E114", { start: 6, end: 10 }]]);
    expect(r.value.body.map((s) => s.kind)).toEqual(["assign", "assign", "assign"]);
  });

  it("reports a missing indented block", () => {
    const src = "if x:\nx = 1\n";
    expect(located(src).map((d) => d.slice(0, 2))).toEqual([["E115", src.indexOf("\n")]]);
  });

  it("reports a line of an lmql docstring indented less than the first", () => {
    const src = "@lmql.query\ndef f():\n    '''lmql\n    \"a [X]\"\n  \"b\"\n    '''\n";
    expect(located(src).map((d) => d[0])).toContain("E104");
  });
});

describe("parse errors", () => {
  it("names the expected token", () => {
    const src = "if x\n    pass\n";
    const d = parseDiagnostics(src);
    expect(d.map((x) => [x.code, x.span, x.message])).toEqual([["E110", { start: 4, end: 4 }, "expected ':' but found end of line"]]);
  });

  it("reports a missing operand at the end of the line, not at the next one", () => {
    const src = "x = 1 +\ny = 2\n";
    const d = parseDiagnostics(src);
    expect(d.map((x) => [x.code, x.span.start])).toEqual([["E111", 7]]);
  });

  it("reports an unclosed bracket and recovers at the next statement", () => {
    const src = "x = f(1,\nreturn 2\n\"ok [X]\"\n";
    const r = parse({ name: "t", text: src });
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([["E110", src.indexOf("\n")]]);
    expect(r.value.body.map((s) => s.kind)).toEqual(["assign", "return", "prompt"]);
  });

  it("reports several errors in one run", () => {
    const src = "x = (1 +\nif x\n    pass\nw = 3 3\ndef f(:\n    pass\n\"[A\"\nz = ]\n";
    const d = parseDiagnostics(src);
    expect(d.map((x) => x.code)).toEqual(["E111", "E110", "E111", "E110", "E121", "E111"]);
    expect(d.map((x) => src.slice(0, x.span.start).split("\n").length)).toEqual([1, 2, 4, 5, 7, 8]);
    expect(d[0]!.span.start).toBe(src.indexOf("\n"));
  });

  it("reports one error per line and suggests a misspelt clause keyword", () => {
    const d = parseDiagnostics(`"Hello [X]" wher len(X) < 3\n`);
    expect(d.map((x) => [x.code, x.span.start, x.hint])).toEqual([["E111", 12, "did you mean 'where'?"]]);
  });

  it("reports reST residue such as `controls::` at the second colon", () => {
    const src = "controls::\n\n\"Q [X]\"\n";
    expect(located(src)).toEqual([["E111", 9, 10]]);
  });

  it("anchors an error at the end of input to the last token", () => {
    const src = "x = [1, 2";
    const d = parseDiagnostics(src);
    expect(d).toHaveLength(1);
    expect(d[0]!.span.start).toBeGreaterThanOrEqual(src.length - 1);
    expect(d[0]!.span.start).toBeLessThanOrEqual(src.length);
  });
});

describe("prompt errors", () => {
  it.each([
    [`"[1 + 2]"`, "E122", "[1 + 2]"],
    [`"{}"`, "E123", "{}"],
    [`"a [X"`, "E121", "["],
    [`"a {x"`, "E120", "{"],
    [`"[X: 3]"`, "E122", "[X: 3]"],
  ])("%s", (src, code, needle) => {
    expect(located(src)).toEqual([[code, src.indexOf(needle), src.indexOf(needle) + needle.length]]);
  });

  it("reports errors inside interpolations at their place", () => {
    const src = `"a {x +} b"`;
    const d = parseDiagnostics(src);
    expect(d).toHaveLength(1);
    expect(d[0]!.span.start).toBe(src.indexOf("}"));
  });
});
