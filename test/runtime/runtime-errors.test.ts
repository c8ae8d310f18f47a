import { describe, expect, it } from "vitest";
import { runFake } from "./fake-session.js";

/** Each program fails at run time: the result is a located Diagnostic with the given code, never an exception. */
const CASES: readonly (readonly [string, string, string])[] = [
  [`x = 1\ny = x + "a"`, "E702", `x + "a"`],
  [`for c in 5:\n    pass`, "E702", `5`],
  [`def f(n):\n    return f(n + 1)\nf(0)`, "E711", `f(n + 1)`],
  [`def f(a):\n    return a\nf(1, 2)`, "E702", `f(1, 2)`],
  [`d = {}\n"{d['k']}"`, "E705", `d['k']`],
  [`n = 10 ** 9\nxs = [0] * n`, "E709", `[0] * n`],
  [`opts = 3\n"[A]" where A in opts`, "E309", `opts`],
  [`opts = ["a", 1]\n"[A]" where A in opts`, "E309", `opts`],
  [`stop = None\n"[A]" where STOPS_AT(A, stop)`, "E309", `stop`],
];

describe("runtime errors are located diagnostics", () => {
  for (const [src, code, at] of CASES) {
    it(`${code}: ${src.split("\n").pop()}`, async () => {
      const { outcome } = await runFake(src, { A: "a" });
      expect(outcome.kind).toBe("error");
      if (outcome.kind !== "error") return;
      expect([outcome.diagnostic.code, src.slice(outcome.diagnostic.span.start, outcome.diagnostic.span.end)]).toEqual([code, at]);
    });
  }
});
