/** Checker rules on hand-built ASTs (independent of the parser): code and span of each diagnostic. */
import { describe, expect, it } from "vitest";
import { check } from "../../src/check/check.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import * as b from "./build.js";

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

describe("inputs", () => {
  it("lists names read but never defined, warns once each, and suggests close names", () => {
    const src = `"Q: {country} [ANSWER]"\nprint(ANSWR)\nprint(country)`;
    const q = b.query([
      b.prompt([b.text("Q: "), b.interp(b.name("country", b.spanOf(src, "country"))), b.hole("ANSWER", b.spanOf(src, "ANSWER"))]),
      b.exprStmt(b.call("print", [b.name("ANSWR", b.spanOf(src, "ANSWR"))])),
      b.exprStmt(b.call("print", [b.name("country", b.spanOf(src, "country", 1))])),
    ]);
    const { value, diagnostics } = check(q);
    expect(value.inputs).toEqual(["country", "ANSWR"]);
    expect(codes(diagnostics)).toEqual(["W200", "W200"]);
    expect(diagnostics[0]!.span).toEqual(b.spanOf(src, "country"));
    expect(diagnostics[1]!.hint).toBe("did you mean `ANSWER`?");
  });

  it("does not warn about inputs the caller supplies, nor about host functions", () => {
    const q = b.query([b.prompt([b.interp(b.call("lookup", [b.name("city")])), b.hole("X")], b.cmp(b.call("len", [b.name("X")]), "<", b.num(5)))]);
    const { value, diagnostics } = check(q, { inputs: ["city"], hostFunctions: ["lookup"] });
    expect(value.inputs).toEqual(["city"]);
    expect(diagnostics).toEqual([]);
  });

  it("resolves parameters, loop variables, comprehension variables and builtins", () => {
    const q = b.query([
      b.def("f", ["items"], [b.forStmt("i", b.call("range", [b.call("len", [b.name("items")])]), [b.prompt([b.interp(b.name("i")), b.hole("X")])])]),
      b.exprStmt(b.call("f", [b.list([b.str("a")])])),
    ]);
    expect(check(q).diagnostics).toEqual([]);
  });
});

describe("statements", () => {
  it("reports break outside a loop but not inside one", () => {
    const src = "break";
    const q = b.query([b.brk(b.spanOf(src, "break")), b.whileStmt(b.name("True"), [b.brk()])]);
    const ds = check(q).diagnostics.filter((d) => d.severity === "error");
    expect(codes(ds)).toEqual(["E202"]);
    expect(ds[0]!.span).toEqual({ start: 0, end: 5 });
  });

  it("allows return at top level", () => {
    expect(check(b.query([b.prompt([b.hole("A")]), b.ret(b.name("A"))])).diagnostics).toEqual([]);
  });

  it("reports unsupported statements at their keyword", () => {
    const q = b.query([{ kind: "unsupported", construct: "import", keywordSpan: { start: 0, end: 6 }, span: { start: 0, end: 9 } }]);
    const [d] = check(q).diagnostics;
    expect(d!.code).toBe("E200");
    expect(d!.span).toEqual({ start: 0, end: 6 });
    expect(d!.message).toContain("not supported in lmql-ts: `import`");
  });

  it("accepts `import lmql` when it can read the source, and no other import", () => {
    const stmt = (end: number) => b.query([{ kind: "unsupported", construct: "import", keywordSpan: { start: 0, end: 6 }, span: { start: 0, end } }]);
    expect(check(stmt(11), { source: { name: "q.lmql", text: "import lmql\n" } }).diagnostics).toEqual([]);
    expect(codes(check(stmt(11)).diagnostics)).toEqual(["E200"]);
    expect(codes(check(stmt(15), { source: { name: "q.lmql", text: "import lmql, os\n" } }).diagnostics)).toEqual(["E200"]);
  });

  it("reports Python builtins we do not provide as unsupported, not as inputs", () => {
    const q = b.query([b.exprStmt(b.call("eval", [b.str("1+1")]))]);
    const evalAt = { start: 0, end: 4 };
    const withSpan = b.query([b.exprStmt(b.call(b.name("eval", evalAt), [b.str("1+1")]))]);
    expect(check(q).value.inputs).toEqual([]);
    const [d] = check(withSpan).diagnostics;
    expect(d!.code).toBe("E203");
    expect(d!.span).toEqual(evalAt);
    expect(check(withSpan, { hostFunctions: ["eval"] }).diagnostics).toEqual([]);
  });

  it("reports decorators other than @lmql.query", () => {
    const dec = b.name("dataclass", { start: 1, end: 10 });
    const [d] = check(b.query([b.def("f", [], [b.ret(b.num(1))], [dec])])).diagnostics;
    expect(d!.code).toBe("E201");
    expect(d!.span).toEqual({ start: 1, end: 10 });
  });
});

describe("holes", () => {
  it("accepts a name assigned in code and used as a hole", () => {
    expect(check(b.query([b.assign("NAME", b.str("Alice")), b.prompt([b.hole("NAME")])])).diagnostics).toEqual([]);
  });

  it("rejects one hole name with two types in one scope", () => {
    const src = `"[N: int] [N]"`;
    const q = b.query([b.prompt([b.hole("N", b.spanOf(src, "N"), b.typename("int")), b.hole("N", b.spanOf(src, "N", 1))])]);
    const ds = check(q).diagnostics;
    expect(codes(ds)).toEqual(["E210"]);
    expect(ds[0]!.span).toEqual(b.spanOf(src, "N", 1));
  });

  it("types holes by query functions, host declarations and inputs; rejects variables and plain functions", () => {
    const host = b.def("lookup", ["q"], [b.exprStmt({ kind: "ellipsis", span: b.S })]);
    const nested = b.def("ask", [], [b.prompt([b.hole("A")])]);
    const plain = b.def("shout", ["v"], [b.ret(b.call(b.attr(b.name("v"), "upper"), []))]);
    const src = "[A: ask] [B: lookup] [C: external] [D: x] [E: shout] [F: bool]";
    const t = (n: string) => b.typename(n, b.spanOf(src, n));
    const q = b.query([
      host, nested, plain, b.assign("x", b.num(1)),
      b.prompt([b.hole("A", b.S, t("ask")), b.hole("B", b.S, t("lookup")), b.hole("C", b.S, t("external")), b.hole("D", b.S, t("x")), b.hole("E", b.S, t("shout")), b.hole("F", b.S, t("bool"))]),
    ]);
    const { value, diagnostics } = check(q);
    const top = value.holes.filter((h) => h.scope === undefined).map((h) => h.type);
    expect(top.slice(0, 3)).toEqual([
      { kind: "query", function: "ask", source: "query" },
      { kind: "query", function: "lookup", source: "host" },
      { kind: "query", function: "external", source: "input" },
    ]);
    expect(value.inputs).toEqual(["external"]);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, src.slice(d.span.start, d.span.end)])).toEqual([
      ["E212", "x"],
      ["E213", "shout"],
      ["E211", "bool"],
    ]);
    expect(value.functions.map((f) => [f.name, f.kind])).toEqual([["lookup", "host"], ["ask", "query"], ["shout", "python"]]);
  });

  it("reports an invalid regex type at the position inside the pattern", () => {
    const src = `"[D: r'[0-9]{2,1}']"`;
    const pattern = "[0-9]{2,1}";
    const q = b.query([b.prompt([b.hole("D", b.S, b.regexType(pattern, b.spanOf(src, pattern)))])]);
    const [d] = check(q).diagnostics;
    expect(d!.code).toBe("E214");
    expect(d!.message).toContain("numbers out of order");
    const at = b.spanOf(src, pattern).start + pattern.length - 1;
    expect(d!.span).toEqual({ start: at, end: at + 1 });
  });
});

describe("constraints", () => {
  const stopsAt = (subject: string, src: string, stop: Expr = b.str(".")) =>
    b.query([b.prompt([b.hole("ANSWER")], b.call("STOPS_AT", [b.name(subject, b.spanOf(src, subject)), stop], b.spanOf(src, `STOPS_AT(${subject}, ".")`)))]);
  type Expr = Parameters<typeof b.exprStmt>[0];

  it("rejects a constraint whose subject is not a hole, with a suggestion", () => {
    const src = `"[ANSWER]" where STOPS_AT(ANSWR, ".")`;
    const ds = check(stopsAt("ANSWR", src)).diagnostics;
    expect(codes(ds)).toEqual(["E223"]);
    expect(ds[0]!.span).toEqual(b.spanOf(src, "ANSWR"));
    expect(ds[0]!.hint).toContain("did you mean `ANSWER`?");
  });

  it("rejects an atom that mentions no hole", () => {
    const src = `"[A]" where len(B) < 3`;
    const atom = b.cmp(b.call("len", [b.name("B")]), "<", b.num(3), b.spanOf(src, "len(B) < 3"));
    const ds = check(b.query([b.assign("B", b.str("x")), b.prompt([b.hole("A")], atom)])).diagnostics;
    expect(codes(ds)).toEqual(["E220"]);
    expect(ds[0]!.span).toEqual(b.spanOf(src, "len(B) < 3"));
  });

  it("checks arity and string arguments", () => {
    const arity = b.query([b.prompt([b.hole("X")], b.call("STOPS_AT", [b.name("X")]))]);
    expect(codes(check(arity).diagnostics)).toEqual(["E222"]);
    const src = `"[ANSWER]" where STOPS_AT(ANSWER, ".")`;
    expect(codes(check(stopsAt("ANSWER", src, b.num(3))).diagnostics)).toEqual(["E224"]);
    expect(check(stopsAt("ANSWER", src)).diagnostics).toEqual([]);
  });

  it("rejects unknown upper-case constraint functions with a suggestion", () => {
    const q = b.query([b.prompt([b.hole("X")], b.call(b.name("STOP_AT", { start: 3, end: 10 }), [b.name("X"), b.str(".")]))]);
    const [d] = check(q).diagnostics;
    expect(d!.code).toBe("E221");
    expect(d!.hint).toContain("`STOPS_AT`");
  });

  it("accepts the comparisons LMQL rejects", () => {
    for (const op of ["<=", ">=", "!=", "not in"] as const) {
      const right = op === "not in" ? b.list([b.str("a")]) : b.num(5);
      const left = op === "not in" ? b.name("X") : b.call("len", [b.name("X")]);
      expect(check(b.query([b.prompt([b.hole("X")], b.cmp(left, op, right))])).diagnostics).toEqual([]);
    }
  });

  it("reports type(X) is Cls as not supported yet", () => {
    const q = b.query([b.prompt([b.hole("P")], b.cmp(b.call("type", [b.name("P")]), "is", b.name("Person"), { start: 2, end: 9 }))]);
    const ds = check(q).diagnostics.filter((d) => d.severity === "error");
    expect(codes(ds)).toEqual(["E225"]);
  });

  it("finds obviously unsatisfiable constraints", () => {
    const X = b.name("X");
    const lenX = b.call("len", [X]);
    const tok = b.call("len", [b.call("TOKENS", [X])]);
    const cases: Expr[] = [
      b.cmp(X, "in", b.list([])),
      b.and(b.cmp(X, "in", b.list([b.str("a"), b.str("b")])), b.cmp(X, "in", b.list([b.str("c")]))),
      b.cmp(lenX, "<", b.num(0)),
      b.cmp(tok, "<", b.num(1)),
      b.and(b.cmp(lenX, ">", b.num(5)), b.cmp(lenX, "<", b.num(3))),
      b.cmp(b.num(2), ">", tok),
    ];
    for (const where of cases.slice(0, 5)) expect(codes(check(b.query([b.prompt([b.hole("X")], where)])).diagnostics)).toEqual(["E226"]);
    const fine = [cases[5]!, b.and(b.cmp(X, "in", b.list([b.str("a"), b.str("b")])), b.cmp(X, "in", b.list([b.str("b")]))), b.or(b.cmp(lenX, ">", b.num(5)), b.cmp(lenX, "<", b.num(3)))];
    for (const where of fine) expect(check(b.query([b.prompt([b.hole("X")], where)])).diagnostics).toEqual([]);
  });
});

describe("clauses", () => {
  it("checks decoders and their arguments", () => {
    const ok = b.decoder("sample", [b.kw("n", b.num(2)), b.kw("temperature", b.num(0.7))]);
    expect(check(b.query([b.prompt([b.hole("X")])], { decoder: ok })).diagnostics).toEqual([]);
    const unknown = check(b.query([], { decoder: b.decoder("bean", [], { start: 0, end: 4 }) })).diagnostics;
    expect(codes(unknown)).toEqual(["E240"]);
    expect(unknown[0]!.hint).toContain("`beam`");
    const bad = b.decoder("argmax", [b.kw("temperature", b.num(1))]);
    expect(codes(check(b.query([], { decoder: bad })).diagnostics)).toEqual(["E241"]);
    const range = b.decoder("sample", [b.kw("n", b.num(0)), b.kw("temperature", b.neg(b.num(1)))]);
    expect(codes(check(b.query([], { decoder: range })).diagnostics)).toEqual(["E243", "E243"]);
    expect(codes(check(b.query([], { decoder: b.decoder("beam", [b.pos(b.num(2))]) })).diagnostics)).toEqual(["E242"]);
  });

  it("rejects an empty model and accepts lmql.model(...)", () => {
    expect(codes(check(b.query([], { model: { expr: b.str(""), span: b.S } })).diagnostics)).toEqual(["E250"]);
    const lm = b.call(b.attr(b.name("lmql"), "model"), [b.str("local:tiny-lm"), b.kw("cuda", b.name("True"))]);
    expect(check(b.query([], { model: { expr: lm, span: b.S } })).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("requires the distribution variable to be a hole of the last prompt, with string options", () => {
    const options = b.list([b.str(" yes"), b.str(" no")]);
    const good = b.query([b.prompt([b.hole("A")]), b.prompt([b.hole("B")])], { distribution: { variable: "B", variableSpan: b.S, options, span: b.S } });
    expect(check(good).diagnostics).toEqual([]);
    const wrong = { ...good, distribution: { variable: "A", variableSpan: b.S, options, span: b.S } };
    expect(codes(check(wrong).diagnostics)).toEqual(["E260"]);
    const empty = { ...good, distribution: { variable: "B", variableSpan: b.S, options: b.list([]), span: b.S } };
    expect(codes(check(empty).diagnostics)).toEqual(["E261"]);
    const numbers = { ...good, distribution: { variable: "B", variableSpan: b.S, options: b.list([b.num(1)]), span: b.S } };
    expect(codes(check(numbers).diagnostics)).toEqual(["E262"]);
  });
});

describe("robustness", () => {
  it("turns an AST too deep to walk into E299 instead of throwing", () => {
    let where = b.cmp(b.call("len", [b.name("X")]), "<", b.num(5));
    for (let i = 0; i < 200_000; i++) where = b.and(where, b.cmp(b.name("X"), "!=", b.str("a")));
    const { diagnostics } = check(b.query([b.prompt([b.hole("X")], where)]));
    expect(codes(diagnostics)).toEqual(["E299"]);
  });
});
