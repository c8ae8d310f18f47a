import { describe, expect, it } from "vitest";
import { at, firstStmt, parseDiagnostics, parseOk, shape } from "./helpers.js";
import type { PromptStmt } from "../../src/syntax/ast.js";

function prompt(text: string): PromptStmt {
  const s = firstStmt(text);
  if (s.kind !== "prompt") throw new Error(`expected a prompt, got ${s.kind}`);
  return s;
}

describe("prompt statements", () => {
  it("splits text, holes and interpolations with exact spans", () => {
    const src = `"Hello {name}, [GREETING]!"`;
    const p = prompt(src);
    expect(p.segments.map((s) => s.kind)).toEqual(["text", "interpolation", "text", "hole", "text"]);
    expect(p.segments[0]).toEqual({ kind: "text", text: "Hello ", span: { start: 1, end: 7 } });
    expect(p.segments[1]!.span).toEqual(at(src, "{name}"));
    const hole = p.segments[3]!;
    expect(hole.kind === "hole" && hole.name).toBe("GREETING");
    expect(hole.span).toEqual(at(src, "[GREETING]"));
    expect(hole.kind === "hole" && hole.nameSpan).toEqual(at(src, "GREETING"));
    expect(p.span).toEqual({ start: 0, end: src.length });
  });

  it("reads typed, regex, call and decorated holes", () => {
    const src = `"[A: int][B:float][C: r'[0-9]{2}'][D: fn][E: fn(1, k=2)][@dec F][@d(1) G]"`;
    const holes = prompt(src).segments.filter((s) => s.kind === "hole");
    expect(holes.map((h) => h.kind === "hole" && h.name)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(shape(holes.map((h) => h.kind === "hole" && h.type))).toEqual([
      { kind: "typename", name: "int" },
      { kind: "typename", name: "float" },
      { kind: "regex", pattern: "[0-9]{2}" },
      { kind: "typename", name: "fn" },
      expect.objectContaining({ kind: "call" }),
      undefined,
      undefined,
    ]);
    const f = holes[5]!;
    expect(f.kind === "hole" && shape(f.decorators)).toEqual([{ kind: "name", name: "dec" }]);
  });

  it("lexes a regex hole with the prompt's own quote inside", () => {
    const src = `"Hello, [NAME:r"[a-z]+"]!"\n"next"`;
    const q = parseOk(src);
    expect(q.body).toHaveLength(2);
    const hole = (q.body[0] as PromptStmt).segments[1]!;
    expect(hole.kind === "hole" && hole.type).toEqual({ kind: "regex", pattern: "[a-z]+", patternSpan: at(src, `r"[a-z]+"`), span: at(src, `r"[a-z]+"`) });
  });

  it("resolves escapes and doubled braces", () => {
    const p = prompt(String.raw`"a\n\t\\ \" \x41\u00e9 {{x}} [[y]]"`);
    expect(p.segments).toHaveLength(1);
    expect(p.segments[0]!.kind === "text" && p.segments[0]!.text).toBe('a\n\t\\ " Aé {x} [y]');
  });

  it("keeps backslashes in raw prompts", () => {
    const p = prompt(String.raw`r"a\nb"`);
    expect(p.segments[0]!.kind === "text" && p.segments[0]!.text).toBe("a\\nb");
    expect(p.quote).toEqual({ prefix: "r", delimiter: '"' });
  });

  it("concatenates adjacent literals into one prompt", () => {
    const q = parseOk(`"a [X]" 'b {y}'\n`);
    expect(q.body).toHaveLength(1);
    expect((q.body[0] as PromptStmt).segments.map((s) => s.kind)).toEqual(["text", "hole", "text", "interpolation"]);
  });

  it("reads role tags, format specs and awaited calls", () => {
    const p = prompt(`"{:system} x {v:.2f} {await input()}"`);
    expect(shape(p.segments)).toEqual([
      { kind: "role", role: "system" },
      { kind: "text", text: " x " },
      { kind: "interpolation", expr: { kind: "name", name: "v" }, formatSpec: ".2f" },
      { kind: "text", text: " " },
      { kind: "interpolation", expr: { kind: "await", expr: { kind: "call", callee: { kind: "name", name: "input" }, args: [] } } },
    ]);
  });

  it("turns a conversion in a prompt interpolation into the equivalent call", () => {
    const p = prompt(`"{x!r} {y!s:>5}"`);
    expect(shape(p.segments)).toEqual([
      { kind: "interpolation", expr: { kind: "call", callee: { kind: "name", name: "repr" }, args: [{ kind: "positional", value: { kind: "name", name: "x" } }] } },
      { kind: "text", text: " " },
      { kind: "interpolation", expr: { kind: "call", callee: { kind: "name", name: "str" }, args: [{ kind: "positional", value: { kind: "name", name: "y" } }] }, formatSpec: ">5" },
    ]);
  });

  it("attaches a where constraint, also after a continuation with trailing spaces", () => {
    const src = `"A [X]" where \\   \n    len(X) < 3\n`;
    const p = prompt(src);
    expect(p.where?.kind).toBe("compare");
    expect(p.span).toEqual({ start: 0, end: src.indexOf("3") + 1 });
  });

  it("moves an inline distribution on the last prompt to the query", () => {
    const q = parseOk(`"Q [A]"\n"Hello [WHO]" distribution WHO in ["Alice", "Bob"]\n`);
    expect(q.distribution?.variable).toBe("WHO");
    expect(q.distribution?.options.kind).toBe("list");
  });

  it("reports a distribution that is not on the last prompt", () => {
    const d = parseDiagnostics(`"[A]" distribution A in ["x"]\n"more [B]"\n`);
    expect(d.map((x) => x.code)).toEqual(["E133"]);
  });

  it("reports unterminated holes and interpolations at the bracket", () => {
    const src = `"a [X and {y"\n`;
    const d = parseDiagnostics(src);
    expect(d.map((x) => [x.code, x.span.start])).toEqual([
      ["E121", src.indexOf("[")],
      ["E120", src.indexOf("{")],
    ]);
  });
});
