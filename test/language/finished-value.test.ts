/**
 * Finished values mean what the masks mean: `REGEX`, `INT`, `FLOAT` run the engine's own byte DFA,
 * `WORDS` splits where the word counter counts; and `SENTENCES` is LMQL's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileConstraint } from "../../src/constraints/compile.js";
import { DEAD, wordCountDfa } from "../../src/constraints/dfa.js";
import { isFloatText, isIntText, matchesRegex, regexUnsupported, wordsOf } from "../../src/constraints/finished-value.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { sentenceCountSpec, sentencesOf } from "../../src/constraints/sentences.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bundledModelsFolder } from "../../src/models/resolve-model.js";

const vocab = vocabularyFromTokenizerJson(JSON.parse(readFileSync(join(bundledModelsFolder(), "tiny-lm", "tokenizer.json"), "utf8")) as unknown);

describe("matchesRegex", () => {
  it("reads Python's `.` as the mask does: not a newline", () => {
    expect(matchesRegex("a.b!", "axb!")).toBe(true);
    expect(matchesRegex("a.b!", "a\nb!")).toBe(false);
    expect(matchesRegex("a.b!", "a\rb!")).toBe(true);
  });

  it("accepts Python's named groups and the redundant anchors", () => {
    expect(matchesRegex("(?P<y>[0-9]{4})-(?P<m>[0-9]{2})", "2024-05")).toBe(true);
    expect(matchesRegex("^[a-z]+$", "abc")).toBe(true);
    expect(matchesRegex("[a-z]+", "abc1")).toBe(false);
  });

  it("agrees with the compiled mask's own verdict on finished values", () => {
    const patterns = ["a.b!", "[0-9]+(\\.[0-9]+)?", "(yes|no)\\.?", "[^,]{1,3}"];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom("a", "b", "!", "\n", "\r", "1", ".", ",", "y", "e", "s", "é"), maxLength: 6 }), (p, s) => {
        const mask = compileConstraint({ kind: "regex", pattern: p }, vocab);
        expect(matchesRegex(p, s)).toBe(mask.valueComplete(s).ok);
      }),
      { numRuns: 300 },
    );
  });

  it("INT and FLOAT are the masks' number patterns", () => {
    expect([isIntText("-12"), isIntText("1.5"), isIntText(" 3"), isIntText("")]).toEqual([true, false, false, false]);
    expect([isFloatText("1.5"), isFloatText("-2"), isFloatText("1."), isFloatText(".5")]).toEqual([true, true, false, false]);
  });

  it("names what the engine cannot build, for the checker", () => {
    expect(regexUnsupported("[0-9]+")).toBeUndefined();
    expect(regexUnsupported("(?=a)a")).toMatch(/lookaround|assertion|unsupported/i);
  });
});

const counters = new Map<number, ReturnType<typeof wordCountDfa>>();
function counter(n: number): ReturnType<typeof wordCountDfa> {
  let dfa = counters.get(n);
  if (dfa === undefined) counters.set(n, (dfa = wordCountDfa(64, (k) => k === n)));
  return dfa;
}

describe("wordsOf", () => {
  it("counts what the len(WORDS(X)) counter counts", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "\t", "\u00a0", "é", "\v"), maxLength: 12 }), (s) => {
        const n = wordsOf(s).length;
        const dfa = counter(n);
        let state = 0;
        for (const b of new TextEncoder().encode(s)) state = dfa.trans[state * 256 + b]!;
        expect(state).not.toBe(DEAD);
        expect(dfa.accept[state]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("sentencesOf (LMQL's SENTENCES)", () => {
  it("splits after each '.', keeping it; an unfinished tail is a sentence; empty text is one empty sentence", () => {
    expect(sentencesOf("One. Two.")).toEqual(["One.", " Two."]);
    expect(sentencesOf("One. Two")).toEqual(["One.", " Two"]);
    expect(sentencesOf("")).toEqual([""]);
    expect(sentencesOf("...")).toEqual([".", ".", "."]);
  });
});

describe("len(SENTENCES(X)) op n as a mask", () => {
  it("accepts exactly the values whose SENTENCES count satisfies the comparison", () => {
    const ops = ["<", "<=", ">", ">=", "==", "!="] as const;
    const holds = (c: number, op: (typeof ops)[number], n: number): boolean =>
      ({ "<": c < n, "<=": c <= n, ">": c > n, ">=": c >= n, "==": c === n, "!=": c !== n })[op];
    fc.assert(
      fc.property(fc.constantFrom(...ops), fc.integer({ min: 0, max: 3 }), fc.string({ unit: fc.constantFrom("a", ".", " ", "\n"), maxLength: 7 }), (op, n, s) => {
        const mask = compileConstraint(sentenceCountSpec(op, n), vocab);
        expect(mask.valueComplete(s).ok).toBe(holds(sentencesOf(s).length, op, n));
      }),
      { numRuns: 400 },
    );
  });
});
