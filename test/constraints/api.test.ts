import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileConstraint, ConstraintError } from "../../src/constraints/compile.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { allows, idOf, tinyVocab } from "./helpers.js";

const enc = new TextEncoder();
const tiny = vocabularyFromTokenizerJson(JSON.parse(readFileSync(fileURLToPath(new URL("../../models/tiny-lm/tokenizer.json", import.meta.url)), "utf8")));
const latin1 = (id: number): string => Buffer.from(tiny.bytes(id)).toString("latin1");
const vocab = tinyVocab(["a", "b", "1", "2", "-", ".", "\n", "ab", "12", "a\n", "end"]);

describe("compileConstraint and the CompiledConstraint API", () => {
  it("throws ConstraintError for invalid or unsupported regexes", () => {
    expect(() => compileConstraint({ kind: "regex", pattern: "a(" }, vocab)).toThrow(ConstraintError);
    expect(() => compileConstraint({ kind: "regex", pattern: "(?<=a)b" }, vocab)).toThrow(/not supported/);
    expect(() => compileConstraint({ kind: "regex", pattern: "^[0-9]+$" }, vocab)).not.toThrow();
  });

  it("accepts Python regex spellings: (?P<name>...), \\A and \\Z", () => {
    const c = compileConstraint({ kind: "regex", pattern: "\\A(?P<n>[12]+)-?\\Z" }, vocab);
    const s = c.advanceBytes(c.start(), enc.encode("12-"))!.state;
    expect(c.isComplete(s)).toBe(true);
    expect(c.valueComplete("12-")).toEqual({ ok: true });
    expect(c.valueComplete("1a").ok).toBe(false);
    // Python's `.` matches `\r`; escaped dots and dots in classes stay literal.
    const dot = compileConstraint({ kind: "regex", pattern: "a.b\\.[.]" }, vocab);
    expect(dot.valueComplete("a\rb..").ok).toBe(true);
    expect(dot.valueComplete("a\nb..").ok).toBe(false);
    expect(dot.valueComplete("axbx.").ok).toBe(false);
    expect(dot.isComplete(dot.advanceBytes(dot.start(), enc.encode("a\rb.."))!.state)).toBe(true);
  });

  it("reads Python's {,n}, literal braces and \\Z inside a pattern as Python does (mask and check agree)", () => {
    const cases: [string, string, boolean][] = [
      ["[0-9]{,3}", "12", true], ["[0-9]{,3}", "1{,3}", false], ["[0-9]{,3}", "1234", false], ["[0-9]{,3}", "", true],
      ["a\\Z|b", "a", true], ["a\\Z|b", "aZ", false], ["a\\Z|b", "b", true],
      ["\\Aa|b\\Z", "b", true], ["a$b", "ab", false], ["x{a}", "x{a}", true], ["[{]{2}", "{{", true],
    ];
    for (const [pattern, text, ok] of cases) {
      const c = compileConstraint({ kind: "regex", pattern }, vocab);
      const s = c.advanceBytes(c.start(), enc.encode(text));
      expect(s !== undefined && c.isComplete(s.state), `/${pattern}/ on ${JSON.stringify(text)} (mask)`).toBe(ok);
      expect(c.valueComplete(text).ok, `/${pattern}/ on ${JSON.stringify(text)} (check)`).toBe(ok);
    }
  });

  it("unsatisfiable constraints allow nothing and cannot end; an empty-only value must end at once", () => {
    for (const spec of [{ kind: "false" }, { kind: "choice", options: [] }, { kind: "and", parts: [{ kind: "int" }, { kind: "equals", text: "a" }] }] as const) {
      const m = compileConstraint(spec, vocab).mask(compileConstraint(spec, vocab).start());
      expect([m.count, m.canEnd, m.mustEnd]).toEqual([0, false, false]);
    }
    const empty = compileConstraint({ kind: "choice", options: [""] }, vocab);
    const m = empty.mask(empty.start());
    expect([m.count, m.canEnd, m.mustEnd]).toEqual([0, true, true]);
  });

  it("caches by a canonical form: the same constraint compiles once per vocabulary", () => {
    const a: ConstraintSpec = { kind: "and", parts: [{ kind: "int" }, { kind: "charLength", op: "<", n: 5 }] };
    const b: ConstraintSpec = { kind: "and", parts: [{ kind: "charLength", n: 5, op: "<" }, { kind: "int" }] };
    expect(compileConstraint(a, vocab)).toBe(compileConstraint(b, vocab));
    expect(compileConstraint(a, vocab)).not.toBe(compileConstraint(a, tinyVocab(["a"])));
  });

  it("valueComplete checks a finished value and names the failing part", () => {
    const c = compileConstraint({ kind: "and", parts: [{ kind: "int" }, { kind: "charLength", op: "<", n: 4 }] }, vocab);
    expect(c.valueComplete("-12")).toEqual({ ok: true });
    expect(c.valueComplete("12345")).toEqual({ ok: false, reason: 'value "12345" violates len < 4' });
    expect(c.valueComplete("1 2").reason).toBe('value "1 2" violates INT');
  });

  it("advanceBytes consumes fast-forwarded text and counts the tokens it was fed as", () => {
    const spec: ConstraintSpec = { kind: "and", parts: [{ kind: "regex", pattern: "ab[12]+" }, { kind: "tokenLength", op: "<=", n: 3 }] };
    const c = compileConstraint(spec, vocab);
    const m = c.mask(c.start());
    expect(new TextDecoder().decode(m.forced)).toBe("ab");
    const after = c.advanceBytes(c.start(), m.forced!, 1)!;
    expect(c.value(after.state)).toBe("ab");
    expect(c.advanceBytes(c.start(), enc.encode("a1"))).toBeUndefined();
    // Two tokens used: one left, so it must complete the value.
    const two = c.advanceBytes(c.start(), enc.encode("ab"), 2)!.state;
    const last = c.mask(two);
    expect(allows(last, idOf(vocab, "12"))).toBe(true);
    expect(c.advanceBytes(c.start(), enc.encode("ab"), 4)).toBeUndefined();
  });

  it("STOPS_BEFORE: value() drops the phrase, generated() keeps it; as a condition the phrase is no restriction", () => {
    const c = compileConstraint({ kind: "stopsBefore", stop: "\n" }, vocab);
    const s = c.advance(c.advance(c.start(), idOf(vocab, "ab"))!.state, idOf(vocab, "\n"))!.state;
    expect(c.value(s)).toBe("ab");
    expect(c.generated!(s)).toBe("ab\n");
    expect(c.isComplete(s)).toBe(true);
    expect(c.mask(s).mustEnd).toBe(true);
    expect(c.valueComplete("ab\n").ok).toBe(true);
  });

  it("len(TOKENS(X)) under `or`: satisfiable while the count may still make it true, exact once it settles it", () => {
    const spec: ConstraintSpec = { kind: "or", parts: [{ kind: "equals", text: "end" }, { kind: "tokenLength", op: "<", n: 2 }] };
    const c = compileConstraint(spec, vocab);
    const one = c.advance(c.start(), idOf(vocab, "a"))!.state;
    expect(c.isComplete(one)).toBe(true);
    // A second token makes len(TOKENS(X)) < 2 false for good: only "end" is left, and "a..." is dead.
    expect(c.mask(one).count).toBe(0);
    expect(c.mask(one).mustEnd).toBe(true);
    expect(c.advance(one, idOf(vocab, "b"))).toBeUndefined();
    const start = c.mask(c.start());
    expect(allows(start, idOf(vocab, "end")) && allows(start, idOf(vocab, "a"))).toBe(true);
    expect(c.verify!(c.advance(c.start(), idOf(vocab, "end"))!.state).ok).toBe(true);
  });
});

describe("masks over the real tiny-lm vocabulary", () => {
  it("INT: exactly the tokens of digits (and a leading minus at the start)", () => {
    const c = compileConstraint({ kind: "int" }, tiny);
    const start = c.mask(c.start());
    for (let id = 0; id < tiny.size; id++) {
      expect(allows(start, id), latin1(id)).toBe(!tiny.isSpecial(id) && /^-?[0-9]*$/.test(latin1(id)));
    }
    const afterMinus = c.mask(c.advanceBytes(c.start(), enc.encode("-"))!.state);
    for (let id = 0; id < tiny.size; id++) expect(allows(afterMinus, id), latin1(id)).toBe(!tiny.isSpecial(id) && /^[0-9]+$/.test(latin1(id)));
    expect(start.canEnd).toBe(false);
  });

  it("choice: prefixes of options, or an option and more (the value is cut after the option)", () => {
    const options = ["positive", "negative", "neutral"];
    const c = compileConstraint({ kind: "choice", options }, tiny);
    const m = c.mask(c.start());
    for (let id = 0; id < tiny.size; id++) {
      const t = latin1(id);
      const want = !tiny.isSpecial(id) && options.some((o) => o.startsWith(t) || (t.startsWith(o) && t.length > o.length));
      expect(allows(m, id), t).toBe(want);
    }
  });

  it("STOPS_AT newline with a character cap: no allowed token passes the cap", () => {
    const c = compileConstraint({ kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "charLength", op: "<", n: 6 }] }, tiny);
    const s = c.advanceBytes(c.start(), enc.encode("abc"))!.state;
    const m = c.mask(s);
    for (let id = 0; id < tiny.size; id++) {
      const t = Buffer.from(tiny.bytes(id)).toString("utf8");
      // Tokens holding part of a character are covered by the brute-force tests.
      if (tiny.isSpecial(id) || t.includes("\uFFFD")) continue;
      const nl = t.indexOf("\n");
      const kept = nl >= 0 ? t.slice(0, nl + 1) : t;
      expect(allows(m, id), JSON.stringify(t)).toBe([...kept].length <= 2);
    }
    expect(m.canEnd).toBe(true);
  });
});
