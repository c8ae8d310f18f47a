/** Non-ASCII values with tokens that split characters: masks work on bytes, values on text. */
import { describe, expect, it } from "vitest";
import { compileConstraint } from "../../src/constraints/compile.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import { allows, tinyVocab } from "./helpers.js";

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
// é = C3 A9, ï = C3 AF, 日 = E6 97 A5, 本 = E6 9C AC
const tokens: (string | Uint8Array)[] = [
  "caf", "c", "a", "f", "é", b(0xc3), b(0xa9), b(0xaf), "na", b(0xc3, 0xaf), "ve", "naïve", b(0xe6), b(0xe6, 0x97),
  b(0xa5, 0xe6), b(0x9c, 0xac), "日本", "日", "本", "cafe", "e", "x", b(0xa9, 0x2e), b(0x97, 0xa5),
];
const vocab = tinyVocab(tokens);
const id = (t: string | Uint8Array): number => 1 + tokens.findIndex((x) => Buffer.from(x).equals(Buffer.from(t)));

function masked(v: Vocabulary, allowed: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 1; i < v.size; i++) if ((allowed[i >>> 5] & (1 << (i & 31))) !== 0) out.push(Buffer.from(v.bytes(i)).toString("hex"));
  return out.sort();
}

describe("UTF-8 values", () => {
  const c = compileConstraint({ kind: "choice", options: ["café", "naïve", "日本"] }, vocab);

  it("at the start: prefixes of the options' bytes, including half characters", () => {
    const m = c.mask(c.start());
    const want = ["caf", "c", "na", "naïve", b(0xe6), b(0xe6, 0x97), "日本", "日"].map((t) => Buffer.from(t).toString("hex")).sort();
    expect(masked(vocab, m.allowed)).toEqual(want);
  });

  it("café split as caf + C3 + A9", () => {
    let s = c.advance(c.start(), id("caf"))!.state;
    let m = c.mask(s);
    expect(allows(m, id(b(0xc3)))).toBe(true);
    expect(allows(m, id("é"))).toBe(true);
    expect(allows(m, id("e"))).toBe(false);
    expect(allows(m, id(b(0xc3, 0xaf)))).toBe(false); // ï is not é
    s = c.advance(s, id(b(0xc3)))!.state;
    m = c.mask(s);
    expect(masked(vocab, m.allowed)).toEqual([Buffer.from(b(0xa9)).toString("hex"), Buffer.from(b(0xa9, 0x2e)).toString("hex")].sort());
    expect(m.canEnd).toBe(false);
    expect(Buffer.from(m.forced!).toString("hex")).toBe("a9");
    // A9 2E runs past the end of "café": allowed, cut after one byte.
    expect(c.advance(s, id(b(0xa9, 0x2e)))!.valueEndsAfter).toBe(1);
    s = c.advance(s, id(b(0xa9)))!.state;
    expect(c.value(s)).toBe("café");
    expect(c.mask(s).mustEnd).toBe(true);
  });

  it("日本 across token boundaries inside characters: E6 97 | A5 E6 | 9C AC", () => {
    let s = c.advance(c.start(), id(b(0xe6, 0x97)))!.state;
    s = c.advance(s, id(b(0xa5, 0xe6)))!.state;
    const m = c.mask(s);
    expect(masked(vocab, m.allowed)).toEqual([Buffer.from(b(0x9c, 0xac)).toString("hex")]);
    s = c.advance(s, id(b(0x9c, 0xac)))!.state;
    expect(c.value(s)).toBe("日本");
    expect(c.isComplete(s)).toBe(true);
  });

  it("forced bytes end on a character boundary", () => {
    const c2 = compileConstraint({ kind: "choice", options: ["日本", "日曜"] }, vocab);
    expect(new TextDecoder().decode(c2.mask(c2.start()).forced)).toBe("日");
    // After E6: 97 A5 finishes 日, then E6 starts 本/曜 — forced stops before that E6.
    const mid = c2.advanceBytes(c2.start(), b(0xe6))!.state;
    expect(c2.mask(mid).count).toBe(1);
    expect(Array.from(c2.mask(mid).forced!)).toEqual([0x97, 0xa5]);
  });

  it("character length counts code points, not bytes", () => {
    const len = compileConstraint({ kind: "and", parts: [{ kind: "stopsAt", stop: "x" }, { kind: "charLength", op: "<=", n: 2 }] }, vocab);
    let s = len.advance(len.start(), id("日"))!.state;
    let m = len.mask(s);
    expect(allows(m, id("本"))).toBe(true);
    expect(allows(m, id("日本"))).toBe(false);
    expect(allows(m, id(b(0xe6)))).toBe(true);
    s = len.advance(s, id(b(0xe6)))!.state;
    m = len.mask(s);
    // Mid-character: only continuation bytes may follow, and the value cannot end here.
    expect(m.canEnd).toBe(false);
    expect(allows(m, id(b(0x9c, 0xac)))).toBe(true);
    expect(allows(m, id("x"))).toBe(false);
  });
});
