/** Property tests: no input makes the parser throw, and every span stays inside the text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseExpression } from "../../src/syntax/parse.js";

/** Every `span`-like value in a tree. */
function spans(node: unknown, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (Array.isArray(node)) {
    for (const x of node) spans(x, out);
  } else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (/span$/i.test(k)) out.push(v as { start: number; end: number });
      else spans(v, out);
    }
  }
  return out;
}

function checkParse(text: string): void {
  const r = parse({ name: "p.lmql", text });
  for (const s of [...spans(r.value), ...r.diagnostics.map((d) => d.span)]) {
    expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
    expect(0 <= s.start && s.start <= s.end && s.end <= text.length).toBe(true);
  }
  for (const d of r.diagnostics) expect(d.code).toMatch(/^E1\d\d$/);
}

const FRAGMENTS = [
  "argmax", "sample(n=2)", "from", "where", "distribution", "in", "not", "and", "or", "if", "elif", "else", ":", "for", "while",
  "def", "return", "lambda", "await", "import", "class", "@", "lmql.query", "'''lmql\n", "'''", '"', "'", '"""', "r'", "f\"",
  "[", "]", "{", "}", "(", ")", "[X]", "[X: int]", "{x}", "{:user}", "[@f Y]", "\\\n", "\\  \n", "\n", "\n    ", "\t", " ",
  ",", ";", "=", "+=", "**", "-", "<=", "==", "x", "ANSWER", "1", "1.5e3", "0x1F", "...", "#c\n", "STOPS_AT(X, \"\\n\")",
  "len(TOKENS(X)) < 3", "pass", "break", "⬆", "\u0000", "controls::", "match", "case", "try", "except", "with", "\uFEFF", "\r\n", "]]", "[[",
];

describe("robustness properties", () => {
  it("random strings never throw and keep spans in the text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: "binary" }), checkParse), { numRuns: 300 });
  });

  it("token soups of lmql fragments never throw and keep spans in the text", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(" ")), checkParse), { numRuns: 400 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join("")), checkParse), { numRuns: 400 });
  });

  it("parseExpression never throws", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((xs) => xs.join(" ")), (text) => {
        const r = parseExpression(text);
        for (const s of spans(r.value)) expect(s.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 300 },
    );
  });
});

/** Random well-formed expressions, printed fully parenthesized, must parse cleanly and re-print the same. */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("x", "y", "1", "2.5", "'s'", "None", "True"),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "//", "%", "**", "and", "or", "<", "==", "in", "not in", "is not"), tie("e")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("e").map((a) => `(not ${a})`),
    tie("e").map((a) => `(-${a})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `f(${a}, k=${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `[${a}, ${b}]`),
    tie("e").map((b) => `xs[${b}]`),
  ),
})).e;

function printExpr(e: ReturnType<typeof parseExpression>["value"]): string {
  switch (e.kind) {
    case "name": return e.name;
    case "number": return String(e.value);
    case "string": return `'${e.value}'`;
    case "constant": return e.value === null ? "None" : e.value ? "True" : "False";
    case "binary":
    case "logical": return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case "compare": return `(${printExpr(e.first)}${e.rest.map((r) => ` ${r.op} ${printExpr(r.right)}`).join("")})`;
    case "unary": return e.op === "not" ? `(not ${printExpr(e.operand)})` : `(${e.op}${printExpr(e.operand)})`;
    case "call": return `${printExpr(e.callee)}(${e.args.map((a) => (a.kind === "keyword" ? `${a.name}=` : "") + printExpr(a.value)).join(", ")})`;
    case "list": return `[${e.elements.map(printExpr).join(", ")}]`;
    case "index": return `${printExpr(e.object)}[${printExpr(e.index)}]`;
    default: return `<${e.kind}>`;
  }
}

describe("round trip", () => {
  it("fully parenthesized expressions parse cleanly and print back the same", () => {
    fc.assert(
      fc.property(expr, (text) => {
        const r = parseExpression(text);
        expect(r.diagnostics).toEqual([]);
        expect(printExpr(r.value)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
