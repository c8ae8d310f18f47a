/**
 * LMQL's own spellings of a query (issue 8, item 5): clause keywords in any case, clauses sharing a
 * line, a Python prologue before the decoder line, the query's indentation removed inside strings,
 * clauses inside an `lmql` docstring, and clear errors for `:=` and same-quote nesting.
 */
import { describe, expect, it } from "vitest";
import type { FunctionDef, PromptStmt, Stmt } from "../../src/syntax/ast.js";
import { at, parseDiagnostics, parseOk, shape } from "./helpers.js";

const codes = (src: string): string[] => parseDiagnostics(src).map((d) => d.code);

function promptText(s: Stmt | undefined): string {
  if (s?.kind !== "prompt") throw new Error(`not a prompt: ${s?.kind}`);
  return (s as PromptStmt).segments.map((g) => (g.kind === "text" ? g.text : g.kind === "hole" ? `[${g.name}]` : "{}")).join("");
}

describe("clause keywords in any case", () => {
  it("reads ARGMAX / FROM / WHERE / DISTRIBUTION and lowercases the decoder name", () => {
    const src = 'ARGMAX\n    "Q: [A]"\nFROM "gpt2"\nWHERE len(A) < 3\nDISTRIBUTION A in ["x", "y"]\n';
    const q = parseOk(src);
    expect(q.decoder?.name).toBe("argmax");
    expect(q.decoder?.nameSpan).toEqual(at(src, "ARGMAX"));
    expect(shape(q.model?.expr)).toMatchObject({ value: "gpt2" });
    expect(q.where?.kind).toBe("compare");
    expect(q.distribution?.variable).toBe("A");
  });

  it("reads mixed-case decoders with arguments and clauses", () => {
    const q = parseOk('Sample(n=2, temperature=0.5)\n    "Q: [A]"\nFrom "gpt2"\nWhere len(A) < 3\n');
    expect(q.decoder?.name).toBe("sample");
    expect(q.decoder?.args.map((a) => (a.kind === "keyword" ? a.name : a.kind))).toEqual(["n", "temperature"]);
    expect(q.model).toBeDefined();
    expect(q.where).toBeDefined();
  });

  it("reads FROM alone on its line and a WHERE spread over indented lines", () => {
    const src = 'argmax\n    "[A]"\nFROM\n    "gpt2"\nWHERE len(A) < 3\n    and len(A) > 1\n';
    const q = parseOk(src);
    expect(shape(q.model?.expr)).toMatchObject({ value: "gpt2" });
    expect(q.where?.span).toEqual(at(src, "len(A) < 3\n    and len(A) > 1"));
  });

  it("reads BEAM alone on its line as a decoder", () => {
    expect(parseOk('BEAM(n=2)\n    "[A]"\n').decoder?.name).toBe("beam");
  });

  it("keeps an unknown decoder's name as written, for the checker's message", () => {
    expect(parseOk('Argmaxx(n=2) "[A]"').decoder?.name).toBe("Argmaxx");
  });

  it("leaves names spelled like clause words alone outside clause position", () => {
    const q = parseOk('Where = 1\nx = FROM\ny = [Where, From]\n"{Where} [A]"\n');
    expect(q.model).toBeUndefined();
    expect(q.where).toBeUndefined();
    expect(q.body.map((s) => s.kind)).toEqual(["assign", "assign", "assign", "prompt"]);
  });
});

describe("clauses on one line", () => {
  it("reads from ... where ... on one line", () => {
    const src = 'argmax\n    "[A]"\nfrom "gpt2" where len(A) < 3\n';
    const q = parseOk(src);
    expect(shape(q.model?.expr)).toMatchObject({ value: "gpt2" });
    expect(q.model?.span).toEqual(at(src, 'from "gpt2"'));
    expect(q.where?.span).toEqual(at(src, "len(A) < 3"));
  });

  it("reads from ... distribution ... on one line", () => {
    const q = parseOk('argmax\n    "[A]"\nfrom "gpt2" distribution A in ["x", "y"]\n');
    expect(q.model).toBeDefined();
    expect(q.distribution?.variable).toBe("A");
  });

  it("reads the whole query on one line, keywords in any case", () => {
    const q = parseOk('argmax "Q: [A]" FROM "gpt2" WHERE len(A) < 3 distribution A in ["x"]');
    expect(q.decoder?.name).toBe("argmax");
    expect(q.body.map((s) => s.kind)).toEqual(["prompt"]);
    expect(q.model).toBeDefined();
    expect(q.where?.kind).toBe("compare");
    expect(q.distribution?.variable).toBe("A");
  });

  it("still reports a second clause of the same kind", () => {
    expect(codes('argmax "[A]" from "a" from "b"')).toEqual(["E131"]);
  });
});

describe("a prologue before the decoder line", () => {
  const src = [
    "import lmql",
    "x = 3",
    "def f(a):",
    "    return a + 1",
    "",
    "argmax",
    '    "Q: {f(x)} [A]"',
    'from "gpt2"',
    "",
  ].join("\n");

  it("keeps prologue statements first in the body, in order", () => {
    const q = parseOk(src);
    expect(q.body.map((s) => s.kind)).toEqual(["unsupported", "assign", "def", "prompt"]);
    expect(q.decoder?.span).toEqual(at(src, "argmax"));
    expect(q.model).toBeDefined();
  });

  it("reads a one-line decoder after a prologue", () => {
    const q = parseOk('n = 2\nsample(n=n) "Q: [A]" from "gpt2"\n');
    expect(q.decoder?.name).toBe("sample");
    expect(q.body.map((s) => s.kind)).toEqual(["assign", "prompt"]);
  });

  it("reports a prompt before the decoder line", () => {
    const bad = '"Hello [X]"\nargmax\n    "Q: [A]"\n';
    const ds = parseDiagnostics(bad);
    expect(ds.map((d) => [d.code, d.span])).toEqual([["E138", at(bad, '"Hello [X]"')]]);
  });

  it("does not take a second decoder line after the first", () => {
    expect(codes('argmax\n    "[A]"\nsample\n    "[B]"\n').length).toBeGreaterThan(0);
  });
});

describe("the query's indentation is removed inside strings", () => {
  it("drops the classic body's indentation from a triple-quoted prompt's lines", () => {
    const q = parseOk('argmax\n    """A joke\n    Q:[JOKE]\n    """\nfrom "gpt2"\n');
    expect(promptText(q.body[0])).toBe("A joke\nQ:[JOKE]\n");
  });

  it("keeps indentation deeper than the body's", () => {
    const q = parseOk('argmax\n    for i in range(2):\n        """A\n          B\n        C"""\n');
    const loop = q.body[0]!;
    if (loop.kind !== "for") throw new Error(loop.kind);
    expect(promptText(loop.body[0])).toBe("A\n      B\n    C");
  });

  it("drops whitespace-only lines inside the string, as LMQL's dedent does", () => {
    const q = parseOk('argmax\n    """A\n\n    \n    B"""\n');
    expect(promptText(q.body[0])).toBe("A\nB");
  });

  it("dedents after a backslash line continuation inside a string", () => {
    const q = parseOk('argmax\n    "the \\\n     universe"\n');
    expect(promptText(q.body[0])).toBe("the  universe");
  });

  it("dedents code strings and f-strings as well", () => {
    const q = parseOk('argmax\n    x = """a\n    b"""\n    y = f"""{x}\n    c"""\n    "[A]"\n');
    const [x, y] = q.body;
    expect(x?.kind === "assign" && shape(x.value)).toEqual({ kind: "string", value: "a\nb", raw: false });
    expect(y?.kind === "assign" && y.value.kind === "fstring" && y.value.parts.map((p) => (p.kind === "text" ? p.text : "{}"))).toEqual(["{}", "\nc"]);
  });

  it("removes a whole file's common indentation (a query in an indented template)", () => {
    const q = parseOk('    argmax\n        """A\n        B [X]"""\n    from "gpt2"\n');
    expect(q.decoder?.name).toBe("argmax");
    expect(promptText(q.body[0])).toBe("A\nB [X]");
    expect(q.model).toBeDefined();
  });

  it("removes a modern-form query's common indentation from its strings", () => {
    const q = parseOk('  """A\n  B [X]"""\n');
    expect(promptText(q.body[0])).toBe("A\nB [X]");
  });

  it("dedents strings in an lmql docstring by the docstring's indentation", () => {
    const src = "@lmql.query\ndef f():\n    '''lmql\n    \"\"\"Q:\n    [A]\"\"\"\n    '''\n";
    const def = parseOk(src).body[0] as FunctionDef;
    expect(promptText(def.body[0])).toBe("Q:\n[A]");
  });

  it("leaves strings in an unindented query as written, blank lines aside", () => {
    const q = parseOk('"""A\n  B\n\nC [X]"""\n');
    expect(promptText(q.body[0])).toBe("A\n  B\nC [X]");
  });
});

describe("clauses inside an lmql docstring", () => {
  const src = [
    "@lmql.query",
    "def f(q):",
    "    '''lmql",
    "    sample(n=2)",
    '        """Q: {q}',
    '        A: [A]"""',
    '    from "gpt2"',
    "    where len(A) < 9",
    '    distribution A in ["x", "y"]',
    "    '''",
    "",
  ].join("\n");

  it("puts the docstring's decoder, from, where and distribution on the FunctionDef", () => {
    const def = parseOk(src).body[0] as FunctionDef;
    expect(def.lmqlDocstring).toBe(true);
    expect(def.clauses?.decoder?.name).toBe("sample");
    expect(def.clauses?.decoder?.span).toEqual(at(src, "sample(n=2)"));
    expect(shape(def.clauses?.model?.expr)).toMatchObject({ value: "gpt2" });
    expect(def.clauses?.where?.span).toEqual(at(src, "len(A) < 9"));
    expect(def.clauses?.distribution?.variable).toBe("A");
    expect(def.body.map((s) => s.kind)).toEqual(["prompt"]);
    expect(promptText(def.body[0])).toBe("Q: {}\nA: [A]");
  });

  it("has no clauses field when the docstring has none", () => {
    const def = parseOk("@lmql.query\ndef f():\n    '''lmql\n    \"[A]\"\n    '''\n").body[0] as FunctionDef;
    expect("clauses" in def).toBe(false);
  });

  it("does not lift the docstring's clauses to the query", () => {
    const q = parseOk(src);
    expect(q.decoder).toBeUndefined();
    expect(q.model).toBeUndefined();
    expect(q.where).toBeUndefined();
  });
});

describe("clear errors for Python the parser does not take", () => {
  it("reports := once, without parse errors after it", () => {
    const src = "x = (y := 3)\nif (n := len(x)) > 2:\n    pass\n";
    const ds = parseDiagnostics(src);
    expect(ds.map((d) => [d.code, d.span])).toEqual([
      ["E139", at(src, "y :=")],
      ["E139", at(src, "n :=")],
    ]);
  });

  it("accepts a same-quote string inside a prompt's {...}", () => {
    const q = parseOk('d = {"k": 1}\n"A {d["k"]} [X]"\n');
    expect(promptText(q.body[1])).toBe("A {} [X]");
  });

  it("explains a same-quote string inside {...} of a code string", () => {
    const src = 'z = "{d["k"]}"\n';
    const ds = parseDiagnostics(src);
    expect(ds.map((d) => d.code)).toEqual(["E140"]);
    expect(ds[0]!.span).toEqual(at(src, '"{d["k'));
    expect(ds[0]!.hint).toContain("{d['k']}");
  });

  it("explains it after `if x:` on the same line", () => {
    expect(codes('if d: "A {d["k"]} [X]"\n')).toEqual(["E140"]);
  });
});
