import { describe, expect, it } from "vitest";
import { lex } from "../../src/syntax/lexer.js";
import { parseDiagnostics, parseOk, shape } from "./helpers.js";

function kinds(text: string): string[] {
  return lex(text, { mode: "file" }).tokens.map((t) => t.tokenType.name);
}

describe("layout", () => {
  it("emits NEWLINE, INDENT and DEDENT like Python", () => {
    expect(kinds("if x:\n    y\nz\n")).toEqual(["If", "Identifier", "Colon", "Newline", "Indent", "Identifier", "Newline", "Dedent", "Identifier", "Newline"]);
  });

  it("ignores line breaks inside brackets, blank lines, and comment lines at any indentation", () => {
    expect(kinds("f(1,\n  2)\n\n   \n# c\n        # c\nx\n")).toEqual(["Identifier", "LParen", "NumberLiteral", "Comma", "NumberLiteral", "RParen", "Newline", "Identifier", "Newline"]);
  });

  it("joins lines after a backslash, also with trailing spaces", () => {
    expect(kinds("x = 1 + \\\n  2\ny = 3 \\   \n + 4\n")).toEqual([
      "Identifier", "Assign", "NumberLiteral", "Plus", "NumberLiteral", "Newline",
      "Identifier", "Assign", "NumberLiteral", "Plus", "NumberLiteral", "Newline",
    ]);
  });

  it("accepts CRLF line endings and tab indentation", () => {
    const q = parseOk("\"a [X]\"\r\nif x:\r\n\tpass\r\n\t\"b\"\r\nelse:\r\n\tpass\r\n");
    expect(q.body.map((s) => s.kind)).toEqual(["prompt", "if"]);
  });

  it("closes every open block at the end of input", () => {
    expect(kinds("if a:\n  if b:\n    c")).toEqual(["If", "Identifier", "Colon", "Newline", "Indent", "If", "Identifier", "Colon", "Newline", "Indent", "Identifier", "Newline", "Dedent", "Dedent"]);
  });
});

describe("tokens", () => {
  it("lexes string prefixes in any case and keeps keywords apart from longer names", () => {
    expect(kinds(`r"a" R'b' f"c" rf"d" Fr'e' b"f" u"g"`).filter((k) => k !== "Newline")).toEqual(Array(7).fill("StringLiteral"));
    expect(kinds("assert asserted in inside is isinstance not nothing").filter((k) => k !== "Newline")).toEqual([
      "Assert", "Identifier", "In", "Identifier", "Is", "Identifier", "Not", "Identifier",
    ]);
  });

  it("reads names with letters beyond ASCII", () => {
    expect(shape(parseOk("größe = 1\n").body[0])).toMatchObject({ kind: "assign", targets: [{ name: "größe" }] });
  });

  it("lexes every operator", () => {
    const ops = "** // << >> <= >= == != -> := ... + - * / % @ & | ^ ~ = += -= *= /= //= %= **= &= |= ^= <<= >>= @=";
    const names = kinds(ops).filter((k) => k !== "Newline");
    expect(names).toHaveLength(ops.split(" ").length);
    expect(names.filter((n) => n === "AugAssign")).toHaveLength(13);
  });

  it("does not let a code string's brackets or braces hide its end", () => {
    const q = parseOk(`x = re.sub(r"[^0-9+\\-*/().]", "", e)\ny = "{" + z + "}"\n`);
    expect(q.body).toHaveLength(2);
  });

  it("keeps a comment marker inside strings", () => {
    const q = parseOk(`"# not a comment [X]"  # a comment\n`);
    const p = q.body[0]!;
    expect(p.kind === "prompt" && p.segments[0]!.kind === "text" && p.segments[0]!.text).toBe("# not a comment ");
  });

  it("reports an unterminated string inside a prompt interpolation at its place", () => {
    const src = `"a {f('x)} b"\n`;
    expect(parseDiagnostics(src).length).toBeGreaterThan(0);
  });
});

describe("line breaks inside brackets", () => {
  it("keep multi-line displays and calls in one statement, also at column zero", () => {
    const src = [
      "x = [",
      "1,",
      "2",
      "]",
      "d = {",
      '"k": 1',
      "}",
      "y = f(",
      "    a,",
      "    b=2",
      ")",
      'print("a"',
      '      "b")',
      "z = (a",
      "+ b)",
      "",
    ].join("\n");
    expect(parseOk(src).body.map((s) => s.kind)).toEqual(["assign", "assign", "assign", "expr", "assign"]);
  });
});

describe("byte order mark", () => {
  it("is ignored at the start of a file", () => {
    expect(parseOk('\uFEFFargmax\n    "Q [X]"\n').decoder?.name).toBe("argmax");
  });
});
