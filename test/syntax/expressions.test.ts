import { describe, expect, it } from "vitest";
import { parseExpression } from "../../src/syntax/parse.js";
import { exprOk, shape } from "./helpers.js";

/** A compact rendering of an expression's tree, to check precedence and associativity. */
function tree(text: string): string {
  return show(exprOk(text));
}

function show(e: ReturnType<typeof exprOk>): string {
  switch (e.kind) {
    case "name": return e.name;
    case "number": return String(e.value);
    case "string": return JSON.stringify(e.value);
    case "constant": return String(e.value);
    case "binary": return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "logical": return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "unary": return `(${e.op} ${show(e.operand)})`;
    case "compare": return `(${show(e.first)}${e.rest.map((r) => ` ${r.op} ${show(r.right)}`).join("")})`;
    case "conditional": return `(${show(e.then)} if ${show(e.test)} else ${show(e.otherwise)})`;
    case "call": return `${show(e.callee)}(${e.args.map((a) => (a.kind === "keyword" ? `${a.name}=` : a.kind === "star" ? "*" : a.kind === "doublestar" ? "**" : "") + show(a.value)).join(", ")})`;
    case "attribute": return `${show(e.object)}.${e.name}`;
    case "index": return `${show(e.object)}[${show(e.index)}]`;
    case "slice": return `${e.lower ? show(e.lower) : ""}:${e.upper ? show(e.upper) : ""}${e.step ? ":" + show(e.step) : ""}`;
    case "tuple": return `(${e.elements.map(show).join(", ")},)`;
    case "list": return `[${e.elements.map(show).join(", ")}]`;
    case "await": return `(await ${show(e.expr)})`;
    case "starred": return `*${show(e.expr)}`;
    default: return e.kind;
  }
}

describe("operator precedence", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["2 ** 3 ** 2", "(2 ** (3 ** 2))"],
    ["-x ** 2", "(- (x ** 2))"],
    ["2 ** -1", "(2 ** (- 1))"],
    ["not a == b and c or d", "(((not (a == b)) and c) or d)"],
    ["a < b <= c", "(a < b <= c)"],
    ["a | b ^ c & d << 1 + 2", "(a | (b ^ (c & (d << (1 + 2)))))"],
    ["x not in y", "(x not in y)"],
    ["x is not None", "(x is not null)"],
    ["not x in y", "(not (x in y))"],
    ["a if b else c if d else e", "(a if b else (c if d else e))"],
    ["await f(x).y", "(await f(x).y)"],
    ["a // b % c @ d", "(((a // b) % c) @ d)"],
    ["~a + -b", "((~ a) + (- b))"],
  ])("%s", (src, expected) => {
    expect(tree(src)).toBe(expected);
  });
});

describe("literals", () => {
  it("reads numbers in every notation", () => {
    expect(shape(["1", "1.5", "1e3", "0x1F", "0o17", "0b101", "1_000", ".5"].map(exprOk))).toEqual([
      { kind: "number", value: 1, isFloat: false },
      { kind: "number", value: 1.5, isFloat: true },
      { kind: "number", value: 1000, isFloat: true },
      { kind: "number", value: 31, isFloat: false },
      { kind: "number", value: 15, isFloat: false },
      { kind: "number", value: 5, isFloat: false },
      { kind: "number", value: 1000, isFloat: false },
      { kind: "number", value: 0.5, isFloat: true },
    ]);
  });

  it("reads constants, ellipsis, strings and concatenation", () => {
    expect(shape(exprOk("None"))).toEqual({ kind: "constant", value: null });
    expect(shape(exprOk("..."))).toEqual({ kind: "ellipsis" });
    expect(shape(exprOk(`"a" 'b' r"\\n"`))).toEqual({ kind: "string", value: "ab\\n", raw: false });
    expect(shape(exprOk(`"""x\ny"""`))).toEqual({ kind: "string", value: "x\ny", raw: false });
    expect(shape(exprOk(`"[0-9]{2}"`))).toEqual({ kind: "string", value: "[0-9]{2}", raw: false });
  });

  it("reads f-strings with conversions, format specs and nested strings", () => {
    expect(shape(exprOk(`f"a{x!r:>4}b{d['k']}{{"`))).toEqual({
      kind: "fstring",
      parts: [
        { kind: "text", text: "a" },
        { kind: "interpolation", expr: { kind: "name", name: "x" }, conversion: "r", formatSpec: ">4" },
        { kind: "text", text: "b" },
        { kind: "interpolation", expr: { kind: "index", object: { kind: "name", name: "d" }, index: { kind: "string", value: "k", raw: false } } },
        { kind: "text", text: "{" },
      ],
    });
  });

  it("reads displays: lists, tuples, sets, dicts, empty ones", () => {
    expect(tree("[1, 2,]")).toBe("[1, 2]");
    expect(tree("(1,)")).toBe("(1,)");
    expect(tree("()")).toBe("(,)");
    expect(tree("(1)")).toBe("1");
    expect(shape(exprOk("{1, 2}"))).toMatchObject({ kind: "set" });
    expect(shape(exprOk("{}"))).toEqual({ kind: "dict", entries: [] });
    expect(shape(exprOk("{'a': 1, 'b': [2]}"))).toMatchObject({ kind: "dict", entries: [{ key: { value: "a" } }, { key: { value: "b" } }] });
    expect(tree("[*a, *b]")).toBe("[*a, *b]");
  });

  it("reads comprehensions of every form", () => {
    expect(shape(exprOk("[x * 2 for x in xs if x if x > 1]"))).toMatchObject({
      kind: "comprehension", form: "list", clauses: [{ target: { kind: "name" }, conditions: [{}, {}] }],
    });
    expect(shape(exprOk("{k: v for k, v in d.items()}"))).toMatchObject({ kind: "comprehension", form: "dict", value: { kind: "name", name: "v" } });
    expect(shape(exprOk("{x for x in y}"))).toMatchObject({ kind: "comprehension", form: "set" });
    expect(shape(exprOk("(x for x in y for z in x)"))).toMatchObject({ kind: "comprehension", form: "generator" });
    expect(shape(exprOk("any(x for x in y)"))).toMatchObject({ kind: "call", args: [{ kind: "positional", value: { form: "generator" } }] });
  });
});

describe("calls, attributes, indexing, lambdas", () => {
  it("reads calls with every kind of argument", () => {
    expect(tree("f(1, *a, k=2, **kw)")).toBe("f(1, *a, k=2, **kw)");
    expect(tree("lmql.model('x', seed=1)")).toBe(`lmql.model("x", seed=1)`);
  });

  it("reads indexes and slices", () => {
    expect(tree("a[1:-1:2]")).toBe("a[1:(- 1):2]");
    expect(tree("a[:]")).toBe("a[:]");
    expect(tree("a[::2]")).toBe("a[::2]");
    expect(tree("a[1, 2]")).toBe("a[(1, 2,)]");
    expect(tree("a[0]['k'].x")).toBe(`a[0]["k"].x`);
  });

  it("reads lambdas", () => {
    expect(shape(exprOk("lambda x, y=1: x + y"))).toMatchObject({ kind: "lambda", params: [{ name: "x" }, { name: "y", default: { value: 1 } }] });
    expect(shape(exprOk("lambda: 0"))).toMatchObject({ kind: "lambda", params: [] });
  });

  it("keeps exact spans for operators and operands", () => {
    const e = exprOk("len(X) < 10");
    expect(e.kind).toBe("compare");
    if (e.kind !== "compare") return;
    expect(e.span).toEqual({ start: 0, end: 11 });
    expect(e.first.span).toEqual({ start: 0, end: 6 });
    expect(e.rest[0]!.opSpan).toEqual({ start: 7, end: 8 });
  });
});

describe("expression errors", () => {
  it("reports a missing operand at the end of the input", () => {
    const r = parseExpression("1 +");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E111"]);
    expect(r.diagnostics[0]!.span).toEqual({ start: 3, end: 3 });
  });

  it("reports an unclosed bracket", () => {
    const r = parseExpression("f(1, 2");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain("')'");
  });

  it("rejects complex numbers and positional-after-keyword arguments", () => {
    expect(parseExpression("1j").diagnostics.map((d) => d.code)).toEqual(["E136"]);
    expect(parseExpression("f(a=1, 2)").diagnostics.map((d) => d.code)).toEqual(["E137"]);
  });
});
