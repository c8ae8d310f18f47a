import { describe, expect, it } from "vitest";
import { at, firstStmt, parseDiagnostics, parseOk, shape } from "./helpers.js";

describe("simple statements", () => {
  it("parses chained, tuple, augmented and annotated assignments", () => {
    expect(shape(firstStmt("a = b = 1\n"))).toEqual({
      kind: "assign",
      targets: [{ kind: "name", name: "a" }, { kind: "name", name: "b" }],
      value: { kind: "number", value: 1, isFloat: false },
    });
    expect(shape(firstStmt("a, b = 1, 2"))).toMatchObject({ kind: "assign", targets: [{ kind: "tuple" }], value: { kind: "tuple" } });
    expect(shape(firstStmt("x += 2"))).toMatchObject({ kind: "augassign", op: "+=" });
    expect(shape(firstStmt("x //= 2"))).toMatchObject({ kind: "augassign", op: "//=" });
    expect(shape(firstStmt("x: int = 1"))).toMatchObject({ kind: "annassign", annotation: { kind: "name", name: "int" }, value: { kind: "number" } });
    expect(shape(firstStmt("x: int"))).toEqual({ kind: "annassign", target: { kind: "name", name: "x" }, annotation: { kind: "name", name: "int" } });
  });

  it("gives a statement the span of its text without the line break", () => {
    const src = "x = 1\ny = 22\n";
    const q = parseOk(src);
    expect(q.body.map((s) => s.span)).toEqual([at(src, "x = 1"), at(src, "y = 22")]);
  });

  it("splits ';'-separated statements", () => {
    const q = parseOk("a = 1; b = 2; pass;\n");
    expect(q.body.map((s) => s.kind)).toEqual(["assign", "assign", "pass"]);
  });

  it("parses return, break, continue, pass, assert", () => {
    const q = parseOk("def f(x):\n    while x:\n        break\n        continue\n    assert x, 'm'\n    return x, 1\n");
    const def = q.body[0]!;
    expect(def.kind).toBe("def");
    if (def.kind !== "def") return;
    expect(def.body.map((s) => s.kind)).toEqual(["while", "assert", "return"]);
    expect(shape(def.body[2])).toMatchObject({ kind: "return", value: { kind: "tuple" } });
    expect(shape(firstStmt("return"))).toEqual({ kind: "return" });
  });

  it("reports assignments to things that cannot be assigned", () => {
    const src = "f() = 3\n";
    expect(parseDiagnostics(src).map((d) => [d.code, d.span])).toEqual([["E134", at(src, "f()")]]);
  });
});

describe("compound statements", () => {
  it("parses if/elif/else with bodies", () => {
    const s = firstStmt("if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n");
    expect(s.kind).toBe("if");
    if (s.kind !== "if") return;
    expect(s.branches).toHaveLength(2);
    expect(s.orelse).toHaveLength(1);
    expect(shape(s.branches[1]!.test)).toEqual({ kind: "name", name: "b" });
  });

  it("parses for and while with else, tuple targets, one-line bodies", () => {
    const f = firstStmt("for i, x in enumerate(xs):\n    pass\nelse:\n    pass\n");
    expect(shape(f)).toMatchObject({ kind: "for", target: { kind: "tuple" }, iter: { kind: "call" }, orelse: [{ kind: "pass" }] });
    const w = firstStmt("while True: x += 1\n");
    expect(shape(w)).toMatchObject({ kind: "while", test: { kind: "constant", value: true }, body: [{ kind: "augassign" }] });
  });

  it("parses nested blocks and dedents several levels at once", () => {
    const q = parseOk("for i in range(3):\n    if i:\n        for j in xs:\n            \"[A]\"\nx = 1\n");
    expect(q.body.map((s) => s.kind)).toEqual(["for", "assign"]);
  });

  it("parses def with annotations, defaults, *args, **kw and async def", () => {
    const s = firstStmt("async def f(a: int, b=2, *args, c: str = 'x', **kw) -> str:\n    return a\n");
    expect(s.kind).toBe("def");
    if (s.kind !== "def") return;
    expect(s.isAsync).toBe(true);
    expect(s.params.map((p) => [p.name, p.star, p.annotation?.kind, p.default?.kind])).toEqual([
      ["a", undefined, "name", undefined],
      ["b", undefined, undefined, "number"],
      ["args", "*", undefined, undefined],
      ["c", undefined, "name", "string"],
      ["kw", "**", undefined, undefined],
    ]);
  });

  it("parses one-line defs and ... bodies", () => {
    const q = parseOk("def f(x): return x\nasync def wikipedia(q): ...\n");
    expect(shape(q.body[1])).toMatchObject({ kind: "def", name: "wikipedia", body: [{ kind: "expr", expr: { kind: "ellipsis" } }] });
  });

  it("drops a plain docstring but keeps a prompt as the first statement of a def", () => {
    const q = parseOk('def up(v):\n    """Make it loud"""\n    return v.upper()\ndef ask():\n    "Say [X]"\n');
    const [up, ask] = q.body;
    expect(up?.kind === "def" && up.body.map((s) => s.kind)).toEqual(["return"]);
    expect(ask?.kind === "def" && ask.body.map((s) => s.kind)).toEqual(["prompt"]);
  });
});

describe("lmql docstring queries", () => {
  const src = [
    "@lmql.query(model=\"chatgpt\")",
    "def cot(n: int):",
    "    '''lmql",
    "    \"Think [R]\" where STOPS_AT(R, \".\")",
    "    for i in range(n):",
    "        \"- [ITEM]\"",
    "    return R",
    "    '''",
    "",
  ].join("\n");

  it("parses the docstring as the function body with file offsets", () => {
    const def = firstStmt(src);
    expect(def.kind).toBe("def");
    if (def.kind !== "def") return;
    expect(def.lmqlDocstring).toBe(true);
    expect(shape(def.queryOptions)).toEqual([{ kind: "keyword", name: "model", value: { kind: "string", value: "chatgpt", raw: false } }]);
    expect(def.decorators).toEqual([]);
    expect(def.body.map((s) => s.kind)).toEqual(["prompt", "for", "return"]);
    expect(def.body[0]!.span).toEqual(at(src, '"Think [R]" where STOPS_AT(R, ".")'));
    const item = def.body[1]!.kind === "for" ? def.body[1]!.body[0]! : undefined;
    expect(item?.span).toEqual(at(src, '"- [ITEM]"'));
  });

  it("reports errors inside the docstring at their place in the file", () => {
    const bad = src.replace("return R", "return )");
    const d = parseDiagnostics(bad);
    expect(d).toHaveLength(1);
    expect(d[0]!.span.start).toBe(bad.indexOf(")", bad.indexOf("return")));
  });
});

describe("Python we do not run", () => {
  it("turns imports, classes, try, with, global, del, raise, yield into unsupported statements", () => {
    const src = [
      "import re",
      "from lmql.http import fetch",
      "@dataclass",
      "class P:",
      "    name: str",
      "try:",
      "    x = 1",
      "except Exception as e:",
      "    pass",
      "finally:",
      "    pass",
      "with open(f) as h:",
      "    pass",
      "global g",
      "del x",
      "raise ValueError('x')",
      "yield 1",
      "\"after [X]\"",
      "",
    ].join("\n");
    const q = parseOk(src);
    expect(q.body.map((s) => (s.kind === "unsupported" ? s.construct : s.kind))).toEqual([
      "import", "import", "class", "try", "with", "global", "del", "raise", "yield", "prompt",
    ]);
    const cls = q.body[2]!;
    expect(cls.span.start).toBe(src.indexOf("@dataclass"));
    expect(cls.kind === "unsupported" && cls.keywordSpan).toEqual(at(src, "class", 1));
    expect(q.body[0]!.kind === "unsupported" && q.body[0]!.keywordSpan).toEqual(at(src, "import"));
  });

  it("turns a match statement into one unsupported statement; `match` stays a name elsewhere", () => {
    const src = "match cmd.split():\n    case [x, *rest] if x:\n        pass\n    case _:\n        pass\nmatch = 3\nmatch(1)\n";
    const q = parseOk(src);
    expect(q.body.map((s) => (s.kind === "unsupported" ? s.construct : s.kind))).toEqual(["match", "assign", "expr"]);
    expect(q.body[0]!.span).toEqual({ start: 0, end: src.indexOf("\nmatch =") });
    expect(q.body[0]!.kind === "unsupported" && q.body[0]!.keywordSpan).toEqual(at(src, "match"));
  });

  it("keeps decorators other than @lmql.query on a def", () => {
    const def = firstStmt("@cache\ndef f():\n    pass\n");
    expect(def.kind === "def" && shape(def.decorators)).toEqual([{ kind: "name", name: "cache" }]);
  });
});

describe("soft keyword match", () => {
  it("does not hang on unbalanced brackets after `match`", () => {
    expect(parseDiagnostics("match[X: int]]**from{:user}").length).toBeGreaterThan(0);
  });
});
