import { describe, expect, it } from "vitest";
import { allowedTexts, idOf, runTrace, tinyVocab } from "./helpers.js";
import { compileConstraint } from "../../src/constraints/compile.js";

const words = tinyVocab([
  "a", "b", "c", "1", "2", "3", "-", ".", " ", "\n", ".\n", "12", "123", "-1", "ab", "abc", "cat", "dog",
  "yes", "no", "y", "es", "n", "o", " yes", "2024", "-0", "0", "4", "5", "6", "7", "8", "9", "12a",
]);

describe("token traces", () => {
  it("INT: digits and a leading minus, no spaces", () => {
    const { c, state } = runTrace({ kind: "int" }, words, [
      { allow: ["-", "1", "12", "123", "-1"], mask: ["a", " ", "12a", "."], canEnd: false, take: "-1" },
      { allow: ["2", "12"], mask: ["-", "-1", " "], canEnd: true, take: "2" },
    ]);
    expect(c.value(state)).toBe("-12");
    expect(c.isComplete(state)).toBe(true);
    expect(c.mask(state).mustEnd).toBe(false);
  });

  it("choice: only prefixes of options, forced continuation, mustEnd at the end", () => {
    const { c, state } = runTrace({ kind: "choice", options: ["yes", "no"] }, words, [
      { allow: ["yes", "y", "no", "n"], mask: [" yes", "es", "ab"], canEnd: false, take: "y" },
      { allow: ["es"], mask: ["yes", "o"], canEnd: false, forced: "es", take: "es" },
    ]);
    const m = c.mask(state);
    expect(m.count).toBe(0);
    expect(m.canEnd && m.mustEnd).toBe(true);
    expect(c.value(state)).toBe("yes");
  });

  it("STOPS_AT: the phrase ends the value; a token running past it is allowed and cut", () => {
    const { c, state } = runTrace({ kind: "stopsAt", stop: "." }, words, [
      { allow: ["a", "cat", " ", "\n", ".", ".\n"], canEnd: true, take: "cat" },
      { allow: [".\n"], take: ".\n", endsAfter: 1 },
    ]);
    expect(c.value(state)).toBe("cat.");
    expect(c.mask(state).mustEnd).toBe(true);
    expect(c.mask(state).count).toBe(0);
  });

  it("STOPS_BEFORE: the phrase is generated but not part of the value", () => {
    const { c, state } = runTrace({ kind: "stopsBefore", stop: "\n" }, words, [
      { allow: ["a", "\n", ".\n"], canEnd: true, take: "dog" },
      { take: ".\n" },
    ]);
    expect(c.value(state)).toBe("dog.");
    expect(c.mask(state).mustEnd).toBe(true);
  });

  it("a regex value may end inside a token only at a word boundary", () => {
    const digits = tinyVocab(["1", "2", "12", "2.", "2\n", "23", "2a", "a"]);
    runTrace({ kind: "regex", pattern: "[0-9]{2}" }, digits, [
      { allow: ["1", "12"], mask: ["a", "2a"], take: "1" },
      { allow: ["2", "2.", "2\n"], mask: ["23", "2a"], take: "2.", endsAfter: 1 },
    ]);
  });

  it("regex date-like: exact masks and a fast-forwarded dash", () => {
    runTrace({ kind: "regex", pattern: "[0-9]{4}-[0-9]{2}" }, words, [
      { allow: ["2024", "12", "123", "1"], mask: ["-", "-1", "12a"], take: "2024" },
      { allow: ["-", "-1", "-0"], mask: ["1", "12"], forced: "-", take: "-1" },
      // "12" would pass the final state after "1" and be cut mid-number: the overshoot rule masks it
      // (a digit past the end is no word boundary), so the value ends exactly.
      { allow: ["2"], mask: ["-", "-1", "a", "12"], take: "2" },
    ]);
  });

  it("len(TOKENS(X)) < 3: after two tokens the value must be complete", () => {
    const spec = { kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "tokenLength", op: "<", n: 3 }] } as const;
    const { c, state } = runTrace(spec, words, [{ take: "a" }, { take: "b" }]);
    const m = c.mask(state);
    expect(m.count).toBe(0);
    expect(m.mustEnd).toBe(true);
  });

  it("conditional stopping: a phrase ends the value only once len(TOKENS(X)) > 2 holds", () => {
    const spec = { kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "tokenLength", op: ">", n: 2 }] } as const;
    const { c, state } = runTrace(spec, words, [
      // Token 1: "." is no stop yet, and ".\n" passes it whole.
      { allow: [".", ".\n", "a"], canEnd: false, take: "." },
      { allow: [".", "a"], canEnd: false, take: "a" },
      // Token 3: the phrase fires; inside ".\n" it cuts the token after ".".
      { allow: [".", ".\n", "a"], canEnd: false, take: ".\n", endsAfter: 1 },
    ]);
    expect(c.value(state)).toBe(".a.");
    expect(c.mask(state).mustEnd).toBe(true);
    expect(c.verify!(state).ok).toBe(true);
  });

  it("len(TOKENS(X)) with INT: the last token must complete the value", () => {
    const spec = { kind: "and", parts: [{ kind: "int" }, { kind: "tokenLength", op: "<=", n: 2 }] } as const;
    runTrace(spec, words, [
      { allow: ["-", "1"], take: "-" },
      { allow: ["1", "12"], mask: ["-", "a"], take: "12" },
    ]);
  });

  it("len(TOKENS(X)) <= 3 with a long value: only tokens that leave a short enough completion", () => {
    const bytes = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
    const v = tinyVocab([...bytes, "ab", "abab"]);
    const spec = { kind: "and", parts: [{ kind: "equals", text: "abababab" }, { kind: "tokenLength", op: "<=", n: 3 }] } as const;
    // "a" leaves "bababab": b + abab + ab is 3 more tokens, one too many.
    runTrace(spec, v, [
      { allow: ["ab", "abab"], mask: ["a", "b"], take: "ab" },
      { allow: ["abab", "ab"], mask: ["a"], take: "ab" },
      { allow: ["abab"], mask: ["ab", "a"], take: "abab" },
    ]);
  });

  it("char length counter beside a stop phrase", () => {
    const spec = { kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "charLength", op: "<", n: 4 }] } as const;
    const { c, state } = runTrace(spec, words, [
      { allow: ["abc", "12", "\n"], mask: ["2024"], take: "ab" },
      { allow: ["c", "\n"], mask: ["abc", "cat", "12"], take: "c" },
    ]);
    expect(c.mask(state).mustEnd).toBe(true);
    expect(c.value(state)).toBe("abc");
  });

  it("special tokens are never allowed; EOS is signalled by canEnd", () => {
    const c = compileConstraint({ kind: "true" }, words);
    const m = c.mask(c.start());
    expect(m.count).toBe(words.size - 1);
    expect(allowedTexts(words, m)).not.toContain("");
    expect(c.advance(c.start(), 0)).toBeUndefined();
    expect(m.canEnd).toBe(true);
    expect(idOf(words, "a")).toBe(1);
  });
});
