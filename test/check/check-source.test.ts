/**
 * Checker rules on parsed source: each case marks the expected span with ⟦ ⟧ and names the code.
 * The markers are removed before parsing.
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import type { CheckOptions } from "../../src/check/check.js";
import type { Span } from "../../src/diagnostics/diagnostic.js";

function marked(text: string): { text: string; span: Span } {
  const start = text.indexOf("⟦");
  const end = text.indexOf("⟧") - 1;
  if (start < 0 || end < start) throw new Error("test source needs one ⟦marked⟧ span");
  return { text: text.replace("⟦", "").replace("⟧", ""), span: { start, end } };
}

function run(text: string, options?: CheckOptions) {
  return checkSource({ name: "test.lmql", text }, options);
}

/** Exactly one diagnostic with `code`, at the marked span; no other errors. */
function expectOne(code: string, source: string) {
  const { text, span } = marked(source);
  const { diagnostics } = run(text);
  const withCode = diagnostics.filter((d) => d.code === code);
  expect(withCode.map((d) => ({ code: d.code, at: text.slice(d.span.start, d.span.end) }))).toEqual([{ code, at: text.slice(span.start, span.end) }]);
  expect(withCode[0]!.span).toEqual(span);
  expect(diagnostics.filter((d) => d.severity === "error" && d.code !== code)).toEqual([]);
  return withCode[0]!;
}

function expectClean(text: string, options?: CheckOptions) {
  const { value, diagnostics } = run(text, options);
  expect(diagnostics).toEqual([]);
  return value;
}

describe("inputs (W200)", () => {
  it("warns once per input at its first use", () => {
    const d = expectOne("W200", `"Capital of {⟦country⟧}? [A]" where len(TOKENS(A)) < 5\nprint(country)`);
    expect(d.severity).toBe("warning");
  });

  it("suggests a close defined name", () => {
    const d = expectOne("W200", `"[ANSWER]" where len(TOKENS(ANSWER)) < 5\nprint(⟦ANSWR⟧)`);
    expect(d.hint).toBe("did you mean `ANSWER`?");
  });

  it("suggests an earlier input for a later misspelling", () => {
    const { diagnostics } = run(`"{language} {langauge}"`);
    expect(diagnostics.map((d) => d.hint)).toEqual([expect.stringContaining("--arg language="), "did you mean `language`?"]);
  });

  it("lists inputs in order of first use, including functions used as hole types", () => {
    const text = `"{a} [X: helper] {b}" where len(TOKENS(X)) < 3\nprint(a)`;
    const { value } = run(text, { inputs: ["a"] });
    expect(value.inputs).toEqual(["a", "helper", "b"]);
    expect([...value.inputSpans].map(([name, at]) => [name, at.start])).toEqual([["a", text.indexOf("a")], ["helper", text.indexOf("helper")], ["b", text.indexOf("b}")]]);
  });

  it("knows builtins, constraint functions, lmql, host functions and supplied inputs", () => {
    expectClean(`x = sorted([len(str(i)) for i in range(3)])\n"{search(q)} [R]" where STOPS_AT(R, ".")\nfrom lmql.model("local:tiny-lm")`, {
      inputs: ["q"],
      hostFunctions: ["search"],
    });
  });

  it("rejects `lmql` in ordinary code, which the run time does not provide (E204)", () => {
    const { diagnostics } = run(`m = lmql.model("random")\n"[R]"`);
    expect(diagnostics.map((d) => d.code)).toEqual(["E204"]);
  });

  it("accepts an `import lmql` preamble; names imported from lmql are library names too (E204 in code)", () => {
    expectClean(`import lmql\nfrom lmql import F\n"[R]"`);
    expect(run(`from lmql import F\nx = F("[A]")\n"[R]"`).diagnostics.map((d) => d.code)).toEqual(["E204"]);
    expect(run(`from lmql.http import fetch\n"[R]"`).diagnostics.map((d) => d.code)).toEqual(["E200"]);
  });
});

describe("after a parse error", () => {
  it("keeps the parse errors and the unsupported-statement errors, not rules that would echo them", () => {
    const { diagnostics } = run(`import os\ncontrols::\n"[A]" where STOPS_AT(B, ".")`);
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain("E200");
    expect(codes.some((c) => c.startsWith("E1"))).toBe(true);
    expect(codes).not.toContain("E223");
  });
});

describe("statements", () => {
  it("E200 at the keyword of an unsupported statement", () => {
    const d = expectOne("E200", `⟦import⟧ re\n"Hello"`);
    expect(d.message).toBe("not supported in lmql-ts: `import` — register host functions from TypeScript and call them by name");
  });

  it("does not list names bound by an unsupported import as inputs", () => {
    const { value, diagnostics } = run(`import re, numpy as np\nfrom os.path import join, split as cut\n"{re.sub('a', 'b', join(np, cut))}"`);
    expect(diagnostics.map((d) => d.code)).toEqual(["E200", "E200"]);
    expect(value.inputs).toEqual([]);
  });

  it("accepts `import lmql`", () => {
    expectClean(`import lmql\n"Hello [X]" where len(TOKENS(X)) < 3`);
  });

  it("E203 for Python builtins we do not provide", () => {
    expectOne("E203", `cmd = "1 + 1"\n"{⟦eval⟧(cmd)}"`);
  });

  it("E201 for decorators other than @lmql.query", () => {
    expectOne("E201", `@⟦functools.cache⟧\ndef f(x):\n    return x\n"Hello"`);
  });

  it("E202 for break and continue outside a loop", () => {
    expectOne("E202", `"[X]" where len(TOKENS(X)) < 3\nif X:\n    ⟦break⟧`);
    expectOne("E202", `def f():\n    for i in range(2):\n        pass\n    ⟦continue⟧\n"Hello"`);
  });

  it("accepts return at top level, await, host declarations and @lmql.query functions", () => {
    const value = expectClean(
      [
        "async def lookup(q): ...",
        "@lmql.query",
        "def ask(topic):",
        "    '''lmql",
        '    "Tell me about {topic}: [FACT]" where STOPS_AT(FACT, ".")',
        "    return FACT",
        "    '''",
        'r = await lookup("x")',
        '"{r} [A: ask]"',
        "return A",
      ].join("\n"),
    );
    expect(value.functions.map((f) => [f.name, f.kind])).toEqual([["lookup", "host"], ["ask", "query"]]);
    expect(value.holes.map((h) => [h.name, h.scope, h.type.kind])).toEqual([["FACT", "ask", "str"], ["A", undefined, "query"]]);
  });
});

describe("roles (W202)", () => {
  it("warns about unknown role tags, with a suggestion", () => {
    const d = expectOne("W202", `"⟦{:asistant}⟧ Hi"`);
    expect(d.hint).toContain("did you mean `assistant`?");
    expectClean(`"{:system} a {:user} b {:assistant} c"`);
  });
});

describe("decorated holes", () => {
  it("resolves decorator functions like any other read", () => {
    expectClean(`def shout(v):\n    return v.upper()\n"Say it: [@shout X]" where len(TOKENS(X)) < 5`);
    expectOne("W200", `"Say it: [@⟦loud⟧ X]" where len(TOKENS(X)) < 5`);
  });
});

describe("holes", () => {
  it("allows rebinding an assigned name as a hole, and reusing a hole with the same type", () => {
    expectClean(`NAME = "Alice"\n"Hello [NAME]"\nfor i in range(2):\n    "[N: int]" where len(TOKENS(N)) < 3`);
  });

  it("E210 for one hole name with two types", () => {
    expectOne("E210", `"[N: int]\\n"\n"[⟦N⟧]"`);
  });

  it("E211 for unknown hole types", () => {
    const d = expectOne("E211", `"[X: ⟦INT⟧]"`);
    expect(d.hint).toContain("did you mean `int`?");
  });

  it("E212 for a hole typed by a variable", () => {
    expectOne("E212", `limit = 3\n"[X: ⟦limit⟧]"`);
  });

  it("E213 for a hole typed by a function without prompts", () => {
    expectOne("E213", `def shout(v):\n    return v.upper()\n"[X: ⟦shout⟧]"`);
  });

  it("E215 for a hole typed by a class (a dataclass hole), which is then no input", () => {
    const { text, span } = marked(`@dataclass\nclass Person:\n    name: str\n"Alice: [P: ⟦Person⟧]" where type(P) is Person`);
    const { value, diagnostics } = run(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["E200", "E215", "E225"]);
    expect(diagnostics[1]!.span).toEqual(span);
    expect(value.inputs).toEqual([]);
  });

  it("E214 at the position inside an invalid regex", () => {
    const d = expectOne("E214", `"[D: r'[0-9]{2,1⟦}⟧']"`);
    expect(d.message).toContain("numbers out of order");
  });

  it("accepts Python's named groups, as the mask engine does, in holes and REGEX", () => {
    expectClean(`"[D: r'(?P<year>[0-9]{4})']"`);
    expectClean(`"[D]" where REGEX(D, r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})")`);
  });

  it("E214 after a named group still points inside the pattern", () => {
    const d = expectOne("E214", `"[D: r'(?P<y>a)[0-9]{2,1⟦}⟧']"`);
    expect(d.message).toContain("numbers out of order");
  });

  it("E214 for what the engine cannot build (a lookahead), at check time as at run time", () => {
    const d = expectOne("E214", `"[D]" where REGEX(D, ⟦r"(?=a)a"⟧)`);
    expect(d.message).toMatch(/not supported/);
  });

  it("types holes", () => {
    const value = expectClean(`def f():\n    "[Y]"\n    return Y\n"[A: int] [B: float] [C: str] [D: r'[a-z]+'] [E: f]" where len(TOKENS(C)) < 3`);
    expect(value.holes.filter((h) => h.scope === undefined).map((h) => h.type)).toEqual([
      { kind: "int" },
      { kind: "float" },
      { kind: "str" },
      { kind: "regex", pattern: "[a-z]+" },
      { kind: "query", function: "f", source: "query" },
    ]);
  });
});

describe("constraints", () => {
  it("E220 for a constraint that mentions no hole", () => {
    expectOne("E220", `B = "x"\n"[A]" where ⟦len(B) < 3⟧`);
  });

  it("E221 for an unknown constraint function", () => {
    expectOne("E221", `"[X]" where ⟦STOP_AT⟧(X, ".")`);
  });

  it("E222 for a wrong number of arguments", () => {
    expectOne("E222", `"[X]" where ⟦STOPS_AT(X)⟧`);
  });

  it("E223 when a constraint function's subject is not a hole", () => {
    const d = expectOne("E223", `"[ANSWER]" where STOPS_AT(⟦ANSWR⟧, ".")`);
    expect(d.hint).toContain("did you mean `ANSWER`?");
  });

  it("E224 when a string is needed", () => {
    expectOne("E224", `"[X]" where STOPS_AT(X, ⟦3⟧)`);
  });

  it("E214 for an invalid REGEX pattern, inside the pattern", () => {
    expectOne("E214", `"[X]" where REGEX(X, r"(ab⟦c⟧")`);
  });

  it("E225 for type(X) is Cls", () => {
    expectOne("E225", `"[P]" where ⟦type(P) is Person⟧`);
  });

  it("E226 for obviously unsatisfiable constraints", () => {
    expectOne("E226", `"[X]" where ⟦X in []⟧`);
    expectOne("E226", `"[X]" where X in ["a", "b"] and ⟦X in ["c"]⟧`);
    expectOne("E226", `"[X]" where ⟦len(X) < 0⟧`);
    expectOne("E226", `"[X]" where ⟦len(TOKENS(X)) < 1⟧`);
    expectOne("E226", `"[X]" where len(X) > 5 and ⟦len(X) < 3⟧`);
    expectOne("E226", `"[X]" where ⟦X in ["yes", "no"] and len(X) > 3⟧`);
    expectClean(`"[X]" where X in ["yes", "no"] and len(X) >= 3`);
  });

  it("accepts every constraint kind, including comparisons LMQL rejects", () => {
    expectClean(
      [
        `"[A] [B] [C] [D] [E] [F] [G] [H]" where len(TOKENS(A)) < 5 and len(B) <= 9 and B.startswith("x")`,
        `    and C in ["x", "y"] and INT(D) and FLOAT(E) and REGEX(F, r"[0-9]+") and STOPS_BEFORE(G, ".")`,
        `    and not "z" in H and H != "q" and len(WORDS(H)) >= 2 and H not in ["a"] and (A == "x" or C in set(["x"]))`,
      ].join(" \\\n"),
    );
  });

  it("applies the global where of the classic form to all top-level holes", () => {
    expectClean(`argmax\n    "[A]"\n    "[B]"\nfrom "local:tiny-lm"\nwhere STOPS_AT(A, ".") and len(TOKENS(B)) < 3`);
    expectOne("E223", `argmax\n    "[A]"\nfrom "local:tiny-lm"\nwhere STOPS_AT(⟦Z⟧, ".")`);
  });
});

describe("clauses", () => {
  it("E240 for an unknown decoder", () => {
    const d = expectOne("E240", `⟦bean⟧(n=2)\n"Hello [X]" where len(TOKENS(X)) < 3`);
    expect(d.hint).toContain("did you mean `beam`?");
  });

  it("E241, E242, E243 for decoder arguments", () => {
    expectOne("E241", `sample(⟦temprature⟧=0.7)\n"[X]" where len(TOKENS(X)) < 3`);
    expectOne("E242", `beam(⟦2⟧)\n"[X]" where len(TOKENS(X)) < 3`);
    expectOne("E243", `sample(n=⟦0⟧)\n"[X]" where len(TOKENS(X)) < 3`);
    expectOne("E243", `sample(temperature=⟦"hot"⟧)\n"[X]" where len(TOKENS(X)) < 3`);
  });

  it("E250 for an empty model", () => {
    expectOne("E250", `argmax\n    "[X]"\nfrom ⟦""⟧`);
  });

  it("E251 for a model clause without a model id", () => {
    expectOne("E251", `argmax\n    "[X]"\nfrom ⟦lmql.model(cuda=True)⟧`);
    expectOne("E251", `argmax\n    "[X]"\nfrom ⟦42⟧`);
  });

  it("E260, E261, E262 for the distribution clause", () => {
    expectOne("E260", `"[A]\\n"\n"[B]" distribution ⟦A⟧ in ["x", "y"]`);
    expectOne("E261", `"[A]" distribution A in ⟦[]⟧`);
    expectOne("E262", `"[A]" distribution A in ["x", ⟦1⟧]`);
  });

  it("accepts every decoder form and lmql.model(...)", () => {
    for (const decoder of ["argmax", "sample(n=2, temperature=0.7)", "beam(n=2)", "best_k(n=3)", "sample(temperature=1.2, top_k=5, top_p=0.9, seed=3)", "sample(n=2, seed=None)"]) {
      expectClean(`${decoder}\n"[X]" where len(TOKENS(X)) < 3`);
    }
    expectClean(`argmax\n    "[X]"\nfrom lmql.model(\n    "local:tiny-lm",\n    cuda=True,\n)\nwhere len(TOKENS(X)) < 3`);
  });
});
