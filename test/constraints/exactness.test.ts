/**
 * Exactness by brute force: every mask along random walks equals the reference's verdict for every
 * token (no allowed token leads to a dead end, no viable token is masked), canEnd equals
 * completeness, and advancing reports the same cut point for tokens that run past the value's end.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ascii, specArb, utf8 } from "./arbitraries.js";
import { compileConstraint } from "../../src/constraints/compile.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import { allows } from "./helpers.js";
import { alphabetFor, Reference } from "./reference.js";


/** Random walks (choices from `seed`), comparing every mask with the reference. */
function checkWalks(spec: ConstraintSpec, vocab: Vocabulary, seed: number, maxChars: number, walks = 4): void {
  const tokens = Array.from({ length: vocab.size }, (_, id) => vocab.bytes(id));
  // Completions may use any character: the literals' characters and fillers stand in for the rest.
  const ref = new Reference(spec, alphabetFor(tokens, ["z", " ", "a", "b", ".", "\n", "é"]), maxChars);
  const c = compileConstraint(spec, vocab);
  let rng = seed >>> 0 || 1;
  const next = (n: number): number => {
    rng = (rng * 1103515245 + 12345) >>> 0;
    return rng % n;
  };
  for (let w = 0; w < walks; w++) {
    let state = c.start();
    let value: number[] = [];
    for (let step = 0; step < 10; step++) {
      const m = c.mask(state);
      const where = `spec ${JSON.stringify(spec)} value ${JSON.stringify(Buffer.from(value).toString("latin1"))}`;
      expect(m.canEnd, `${where}: canEnd`).toBe(ref.complete(value));
      const ok: number[] = [];
      for (let id = 0; id < vocab.size; id++) {
        if (vocab.isSpecial(id)) { expect(allows(m, id)).toBe(false); continue; }
        const want = ref.allowed(value, vocab.bytes(id));
        expect(allows(m, id), `${where}: token ${JSON.stringify(Buffer.from(vocab.bytes(id)).toString("latin1"))}`).toBe(want.ok);
        if (want.ok) ok.push(id);
      }
      expect(m.count).toBe(ok.length);
      if (ok.length === 0) {
        expect(m.mustEnd).toBe(m.canEnd);
        break;
      }
      const id = ok[next(ok.length)];
      const adv = c.advance(state, id)!;
      const want = ref.allowed(value, vocab.bytes(id));
      expect(adv.valueEndsAfter, `${where}: cut point`).toBe(want.endsAfter);
      const taken = vocab.bytes(id).subarray(0, want.endsAfter ?? vocab.bytes(id).length);
      value = [...value, ...taken];
      state = adv.state;
      if (want.endsAfter !== undefined) {
        expect(c.mask(state).mustEnd).toBe(true);
        break;
      }
    }
  }
}

/** Bounds every value so the reference's enumeration is complete (nested, so it is part of the DFA). */
function bounded(spec: ConstraintSpec, chars: number): ConstraintSpec {
  return { kind: "and", parts: [spec, { kind: "or", parts: [{ kind: "charLength", op: "<=", n: chars }] }] };
}

describe("masks are exact (brute force)", () => {
  it("fixed constraints over ASCII tokens", () => {
    const specs: ConstraintSpec[] = [
      { kind: "stopsAt", stop: "." },
      { kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "stopsAt", stop: "\n" }] },
      { kind: "choice", options: ["ab", "a.", "b", "ba."] },
      { kind: "regex", pattern: "(ab)+\\." },
      { kind: "not", part: { kind: "contains", text: "ab" } },
      { kind: "and", parts: [{ kind: "stopsBefore", stop: "." }, { kind: "choice", options: ["a", "ab", "ba"] }] },
      { kind: "or", parts: [{ kind: "equals", text: "a.a" }, { kind: "regex", pattern: "b+" }] },
      // Conditional stopping: a phrase ends the value only where its side conditions hold.
      { kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "charLength", op: ">", n: 1 }] },
      { kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "contains", text: "b" }] },
      { kind: "and", parts: [{ kind: "stopsBefore", stop: "." }, { kind: "equals", text: "a.b" }] },
      // Under `or`, whichever phrase comes first ends the value.
      { kind: "or", parts: [{ kind: "stopsAt", stop: "." }, { kind: "stopsAt", stop: "\n" }] },
      { kind: "and", parts: [{ kind: "stopsBefore", stop: "." }, { kind: "or", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "startsWith", prefix: "b" }] }] },
    ];
    for (const spec of specs) for (let seed = 1; seed <= 3; seed++) checkWalks(bounded(spec, 3), ascii, seed, 3);
  });

  it("UTF-8: X in [\"café\", \"naïve\", \"日本\"]-style choices with tokens that split characters", () => {
    const spec: ConstraintSpec = { kind: "choice", options: ["aé", "ï", "日", "éé"] };
    for (let seed = 1; seed <= 6; seed++) checkWalks(spec, utf8, seed, 2);
  });

  it("property: random constraint trees, ASCII and split-UTF-8 vocabularies", () => {
    fc.assert(
      fc.property(specArb, fc.boolean(), fc.integer({ min: 1, max: 1 << 30 }), (spec, useUtf8, seed) => {
        if (useUtf8) checkWalks(bounded(spec, 2), utf8, seed, 2, 2);
        else checkWalks(bounded(spec, 3), ascii, seed, 3, 2);
      }),
      { numRuns: 100 },
    );
  });
});
