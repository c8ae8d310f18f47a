import { describe, expect, it } from "vitest";
import { lower } from "../../src/ir/lower.js";
import type { ConstraintTemplate } from "../../src/ir/constraint-template.js";
import type { DefIr, HoleIr, IrStmt, Program } from "../../src/ir/ir.js";
import { checkSource } from "../../src/check/check-source.js";

function program(text: string): Program {
  const checked = checkSource({ name: "t", text });
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const lowered = lower(checked.value);
  expect(lowered.diagnostics).toEqual([]);
  return lowered.value;
}

function holes(stmts: readonly IrStmt[]): HoleIr[] {
  const out: HoleIr[] = [];
  for (const s of stmts) {
    if (s.kind === "prompt") for (const seg of s.segments) if (seg.kind === "hole") out.push(seg);
    if (s.kind === "def" || s.kind === "for" || s.kind === "while") out.push(...holes(s.body));
    if (s.kind === "if") for (const b of s.branches) out.push(...holes(b.body));
  }
  return out;
}

/** A template without its expressions: kinds and operators only. */
function shape(t: ConstraintTemplate): unknown {
  switch (t.kind) {
    case "and":
    case "or":
      return { [t.kind]: t.parts.map(shape) };
    case "not":
      return { not: shape(t.part) };
    case "text":
      return `text:${t.op}`;
    case "length":
      return `length:${t.measure}${t.op}`;
    case "condition":
      return `condition[${t.holes.join(",")}]`;
    default:
      return t.kind;
  }
}

function holeShapes(text: string): Record<string, unknown> {
  return Object.fromEntries(holes(program(text).body).map((h) => [h.name, shape(h.constraint)]));
}

describe("lowering constraints per hole", () => {
  it("lowers the constraint vocabulary to templates", () => {
    const src = `"[A] [B] [C] [D] [E]" where STOPS_AT(A, "\\n") and len(TOKENS(A)) < 5 and B in ["x"] and INT(C) and REGEX(D, r"[a-z]+") and not "q" in E and E.endswith("!")`;
    expect(holeShapes(src)).toEqual({
      A: { and: ["text:stopsAt", "length:token<"] },
      B: "choice",
      C: "int",
      D: "regex",
      E: { and: [{ not: "text:contains" }, "text:endsWith"] },
    });
  });

  it("combines the type, the inline where and the global where, each term only for the holes it names", () => {
    const src = `argmax\n    "[N: int] [S]" where len(S) < 9\nfrom "local:tiny-lm"\nwhere N != "0" and STOPS_BEFORE(S, ".")`;
    expect(holeShapes(src)).toEqual({ N: { and: ["int", { not: "text:equals" }] }, S: { and: ["length:char<", "text:stopsBefore"] } });
  });

  it("keeps a term about other holes as a condition naming them", () => {
    expect(holeShapes(`"[A] [B]" where A == "x" or B in ["y"]`)).toEqual({
      A: { or: ["text:equals", "condition[B]"] },
      B: { or: ["condition[A]", "choice"] },
    });
  });

  it("keeps Python over the value as an opaque part and a post-check", () => {
    const h = holes(program(`"[A]" where A.upper() == A and len(A) > 2`).body)[0]!;
    expect(shape(h.constraint)).toEqual({ and: ["opaque", "length:char>"] });
    expect(h.postChecks).toHaveLength(1);
  });

  it("gives regex-typed holes a regex template and call-typed holes none", () => {
    const src = `def f(x):\n    "[Y]"\n    return Y\n"[D: r'[0-9]+'] [Q: f(1)]"`;
    const hs = holes(program(src).body);
    expect(hs.map((h) => [h.name, h.value.kind, shape(h.constraint)])).toEqual([
      ["Y", "str", "true"],
      ["D", "regex", "regex"],
      ["Q", "call", "true"],
    ]);
  });
});

describe("lowering statements", () => {
  it("tells query, host and Python functions apart", () => {
    const p = program(`def q():\n    if True:\n        "[X]"\ndef h(a): ...\ndef py(a):\n    return a\n"[Z]"`);
    const defs = p.body.filter((s): s is DefIr => s.kind === "def");
    expect(defs.map((d) => [d.name, d.flavor])).toEqual([["q", "query"], ["h", "host"], ["py", "python"]]);
    expect(p.holeNames).toEqual(["X", "Z"]);
  });

  it("defaults the decoder to argmax and keeps the clauses", () => {
    const p = program(`sample(n=2)\n"[S]" distribution S in ["a", "b"]`);
    expect(p.decoder.name).toBe("sample");
    expect(p.distribution?.variable).toBe("S");
    expect(program(`"[A]"`).decoder.name).toBe("argmax");
  });

  it("turns an annotated assignment into an assignment and drops a bare annotation", () => {
    expect(program(`x: int = 3\ny: str`).body.map((s) => s.kind)).toEqual(["assign", "pass"]);
  });

  it("reports Python it cannot run, even when asked to lower past the checker's error", () => {
    const checked = checkSource({ name: "t", text: `import os\n"[A]"` });
    expect(checked.diagnostics.map((d) => d.code)).toContain("E200");
    expect(lower(checked.value).diagnostics.map((d) => d.code)).toEqual(["E399"]);
  });

  it("drops an `import lmql` preamble the checker accepted", () => {
    for (const preamble of ["import lmql", "from lmql import F, model"]) {
      expect(program(`${preamble}\n"[A]"`).body.map((s) => s.kind)).toEqual(["prompt"]);
    }
  });

  it("takes function kinds from the checker: a docstring does not make a query", () => {
    const p = program(`def host(x):\n    "Looks x up."\n    ...\ndef double(x):\n    "Doubles x."\n    return x * 2\ndef ask(x):\n    "Q: {x} A: [A]"\n"[B]"`);
    const flavors = p.body.filter((s): s is DefIr => s.kind === "def").map((d) => [d.name, d.flavor]);
    expect(flavors).toEqual([["host", "host"], ["double", "python"], ["ask", "query"]]);
  });
});
