/**
 * Counters beside the automaton. A top-level `len(X) op n` is a counter; the same cap nested under
 * `or` is a counting DFA, whose masks the brute-force tests prove exact. The two must agree, except
 * that a counter never cuts a token at a length limit (the overshoot rule applies at automaton-final
 * states only, see walk.ts). Token budgets are compared with a search over token sequences, on a
 * vocabulary without every single byte (so budgets bind and the engine must search too).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileConstraint, maxTokensOf } from "../../src/constraints/compile.js";
import type { ConstraintSpec, LengthOp } from "../../src/constraints/spec.js";
import type { MaskState, Vocabulary } from "../../src/constraints/engine.js";
import { ascii, specArb, utf8 } from "./arbitraries.js";
import { allows } from "./helpers.js";
import { alphabetFor, Reference } from "./reference.js";

const ops: readonly LengthOp[] = ["<", "<=", "==", ">", ">=", "!="];

function compareCharCounter(spec: ConstraintSpec, op: LengthOp, n: number, vocab: Vocabulary, seed: number): void {
  const cap: ConstraintSpec = { kind: "charLength", op, n };
  const top = compileConstraint({ kind: "and", parts: [spec, cap] }, vocab);
  const nested = compileConstraint({ kind: "and", parts: [spec, { kind: "or", parts: [cap] }] }, vocab);
  let a: MaskState = top.start();
  let b: MaskState = nested.start();
  let rng = seed;
  for (let step = 0; step < 8; step++) {
    const ma = top.mask(a);
    const mb = nested.mask(b);
    const where = `${JSON.stringify(spec)} len ${op} ${n} at ${JSON.stringify(top.value(a))}`;
    expect(ma.canEnd, `${where}: canEnd`).toBe(mb.canEnd);
    const ok: number[] = [];
    for (let id = 0; id < vocab.size; id++) {
      const inTop = allows(ma, id);
      const inNested = allows(mb, id);
      if (inTop && !inNested) {
        // A counting DFA makes "no more characters" a final state, so it stops before a STOPS_BEFORE
        // phrase that the counter lets through; the value is the same.
        const after = top.advance(a, id)!.state;
        expect(mb.mustEnd, `${where}: token ${id} allowed only by the counter`).toBe(true);
        expect(top.isComplete(after) && top.value(after) === nested.value(b)).toBe(true);
        ok.push(id);
      } else if (inTop) {
        const ta = top.advance(a, id)!;
        const nb = nested.advance(b, id)!;
        if (ta.valueEndsAfter !== nb.valueEndsAfter) {
          // Same story: the counting DFA cut the token at the limit where the counter let a
          // STOPS_BEFORE phrase end it; the values must agree and be complete.
          expect(nb.valueEndsAfter, `${where}: token ${id} cut differently`).toBeDefined();
          expect(top.value(ta.state)).toBe(nested.value(nb.state));
          expect(top.isComplete(ta.state) && nested.isComplete(nb.state)).toBe(true);
        }
        ok.push(id);
      } else if (inNested) {
        // Only a cut at the length limit may differ.
        const cut = nested.advance(b, id)!;
        expect(cut.valueEndsAfter, `${where}: token ${id} masked by the counter`).toBeDefined();
        expect(nested.mask(cut.state).mustEnd).toBe(true);
      }
    }
    expect(ma.count).toBe(ok.length);
    if (ok.length === 0 || mb.mustEnd) break;
    rng = (rng * 1103515245 + 12345) >>> 0;
    const id = ok[rng % ok.length];
    const na = top.advance(a, id)!;
    const nb = nested.advance(b, id)!;
    a = na.state;
    b = nb.state;
    expect(top.value(a)).toBe(nested.value(b));
    if (na.valueEndsAfter !== undefined) break;
  }
}

/** Budget search over real token sequences, with the brute-force reference deciding each token. */
function tokenViable(ref: Reference, vocab: Vocabulary, v: number[], budget: number, memo: Map<string, boolean>): boolean {
  if (ref.complete(v)) return true;
  if (budget === 0) return false;
  const key = `${v.join(",")}|${budget}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  let ok = false;
  for (let id = 0; id < vocab.size && !ok; id++) {
    if (vocab.isSpecial(id)) continue;
    const bytes = vocab.bytes(id);
    const r = ref.allowed(v, bytes);
    if (!r.ok) continue;
    ok = r.endsAfter !== undefined || tokenViable(ref, vocab, [...v, ...bytes], budget - 1, memo);
  }
  memo.set(key, ok);
  return ok;
}

function compareTokenBudget(spec: ConstraintSpec, cap: number, vocab: Vocabulary, seed: number): void {
  const full: ConstraintSpec = { kind: "and", parts: [spec, { kind: "tokenLength", op: "<=", n: cap }] };
  const c = compileConstraint(full, vocab);
  const tokens = Array.from({ length: vocab.size }, (_, id) => vocab.bytes(id));
  const ref = new Reference(spec, alphabetFor(tokens, ["z", " ", "a", "b", ".", "\n", "é"]), 3);
  const memo = new Map<string, boolean>();
  let state = c.start();
  let value: number[] = [];
  let rng = seed;
  for (let used = 0; used <= cap; used++) {
    const m = c.mask(state);
    const where = `${JSON.stringify(spec)} tokens <= ${cap} after ${used} at ${JSON.stringify(c.value(state))}`;
    expect(m.canEnd, `${where}: canEnd`).toBe(ref.complete(value));
    const ok: number[] = [];
    for (let id = 0; id < vocab.size; id++) {
      if (vocab.isSpecial(id)) continue;
      const r = ref.allowed(value, vocab.bytes(id));
      const want = r.ok && used < cap && (r.endsAfter !== undefined || tokenViable(ref, vocab, [...value, ...vocab.bytes(id)], cap - used - 1, memo));
      expect(allows(m, id), `${where}: token ${id}`).toBe(want);
      if (want) ok.push(id);
    }
    if (ok.length === 0) break;
    rng = (rng * 1103515245 + 12345) >>> 0;
    const id = ok[rng % ok.length];
    const adv = c.advance(state, id)!;
    value = [...value, ...vocab.bytes(id).subarray(0, adv.valueEndsAfter)];
    state = adv.state;
    if (adv.valueEndsAfter !== undefined) break;
  }
}

describe("counters", () => {
  it("property: a top-level character counter agrees with the exact counting DFA", () => {
    fc.assert(
      fc.property(specArb, fc.constantFrom(...ops), fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.integer({ min: 1, max: 1 << 30 }),
        (spec, op, n, useUtf8, seed) => compareCharCounter(spec, op, n, useUtf8 ? utf8 : ascii, seed)),
      { numRuns: 100 },
    );
  });

  it("property: token budgets are exact (a completion must fit in the tokens left)", () => {
    const bounded = (s: ConstraintSpec): ConstraintSpec => ({ kind: "and", parts: [s, { kind: "or", parts: [{ kind: "charLength", op: "<=", n: 3 }] }] });
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1 << 30 }),
        (spec, cap, seed) => compareTokenBudget(bounded(spec), cap, ascii, seed)),
      { numRuns: 60 },
    );
  });

  it("maxTokensOf reads the cap from len(TOKENS(X))", () => {
    const t = (op: LengthOp, n: number): ConstraintSpec => ({ kind: "tokenLength", op, n });
    expect(maxTokensOf(t("<", 20))).toBe(19);
    expect(maxTokensOf(t("<=", 20))).toBe(20);
    expect(maxTokensOf(t(">", 2))).toBeUndefined();
    expect(maxTokensOf({ kind: "and", parts: [{ kind: "int" }, t("<", 5), t("<=", 7)] })).toBe(4);
    expect(maxTokensOf({ kind: "or", parts: [t("<", 5), t("<=", 7)] })).toBe(7);
    expect(maxTokensOf({ kind: "or", parts: [t("<", 5), { kind: "int" }] })).toBeUndefined();
    expect(maxTokensOf({ kind: "stopsAt", stop: "\n" })).toBeUndefined();
  });
});

describe("large caps (issue 9: once refused with E309)", () => {
  it("a cap too large for a reach table keeps only shortest completions, with the same masks", () => {
    for (const base of [{ kind: "regex", pattern: "(ab|b)+\\.?" }, { kind: "stopsAt", stop: "." }, { kind: "wordLength", op: "<", n: 3 }] as ConstraintSpec[]) {
      const huge = compileConstraint({ kind: "and", parts: [base, { kind: "charLength", op: "<", n: 1e9 }] }, ascii);
      const none = compileConstraint(base, ascii);
      let a = huge.start();
      let b = none.start();
      for (let step = 0; step < 6; step++) {
        const ma = huge.mask(a);
        const mb = none.mask(b);
        expect(ma.canEnd).toBe(mb.canEnd);
        expect(Array.from(ma.allowed)).toEqual(Array.from(mb.allowed));
        const id = Array.from({ length: ascii.size }, (_, i) => i).find((i) => allows(mb, i));
        if (id === undefined) break;
        a = huge.advance(a, id)!.state;
        b = none.advance(b, id)!.state;
      }
    }
  });

  it("len(X) < 5000 and len(WORDS(X)) < 1000 compiles and caps", () => {
    const c = compileConstraint({ kind: "and", parts: [{ kind: "charLength", op: "<", n: 5000 }, { kind: "wordLength", op: "<", n: 1000 }] }, ascii);
    const s = c.advanceBytes(c.start(), new TextEncoder().encode("ab ba"));
    expect(s !== undefined && c.isComplete(s.state)).toBe(true);
    expect(c.advanceBytes(c.start(), new TextEncoder().encode("a".repeat(5000)))).toBeUndefined();
  });
});
