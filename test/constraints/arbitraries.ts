/** Random constraint trees and the small vocabularies the exactness tests walk with. */
import fc from "fast-check";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { tinyVocab } from "./helpers.js";

export const ascii = tinyVocab(["a", "b", ".", "\n", "ab", "ba", "a.", ".\n", "a\n", "bab", "aa", "b.a", "..", "\na"]);
// Tokens that split "é" (C3 A9), "日" (E6 97 A5) and "ï" (C3 AF).
export const utf8 = tinyVocab([
  "a", "b", "é", "日", "ï", Uint8Array.of(0xc3), Uint8Array.of(0xa9), Uint8Array.of(0xaf), Uint8Array.of(0xe6),
  Uint8Array.of(0x97, 0xa5), Uint8Array.of(0xe6, 0x97), Uint8Array.of(0x61, 0xc3), "aé", "éa", "é日", ".",
]);

export const leaf = fc.oneof(
  fc.constantFrom<ConstraintSpec>(
    { kind: "int" }, { kind: "true" }, { kind: "stopsAt", stop: "." }, { kind: "stopsAt", stop: "a." },
    { kind: "stopsBefore", stop: "." }, { kind: "contains", text: "b" }, { kind: "startsWith", prefix: "a" },
    { kind: "endsWith", suffix: "." }, { kind: "equals", text: "ab." }, { kind: "wordLength", op: "<=", n: 1 },
  ),
  fc.record({ kind: fc.constant("regex" as const), pattern: fc.constantFrom("a*b", "(ab|b)+\\.?", "[ab]{1,3}", "a?\\n?", "b[^a]*", ".a", "(a|é)+", "[^\\n]+\\n") }),
  fc.record({ kind: fc.constant("choice" as const), options: fc.array(fc.stringMatching(/^[ab.\n]{0,3}$/), { maxLength: 4 }) }),
);

export const specArb: fc.Arbitrary<ConstraintSpec> = fc.letrec<{ spec: ConstraintSpec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("and" as const), parts: fc.array(tie("spec"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant("or" as const), parts: fc.array(tie("spec"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant("not" as const), part: tie("spec") }),
  ),
})).spec;

