/** Random programs end in a result or a located Diagnostic: the interpreter never throws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { runProgram } from "../../src/runtime/interpreter.js";
import { DEFAULT_LIMITS } from "../../src/runtime/run-limits.js";
import { FakeSession, fakeCompiler } from "./fake-session.js";

const names = fc.constantFrom("a", "b", "c");
const atom = fc.oneof(names, fc.integer({ min: -3, max: 3 }).map(String), fc.constantFrom(`"s"`, `""`, `[1, 2]`, `[]`, `{"k": 1}`, `None`, `True`, `range(3)`, `len(a)`, `X.strip() if "X" in a else a`));
const expr = fc.oneof(atom, fc.tuple(atom, fc.constantFrom("+", "-", "*", "//", "%", "==", "<", "in", "and", "or"), atom).map(([l, op, r]) => `${l} ${op} ${r}`));
const simple = fc.oneof(
  fc.tuple(names, expr).map(([n, e]) => `${n} = ${e}`),
  fc.tuple(names, expr).map(([n, e]) => `${n} += ${e}`),
  expr.map((e) => `"{${e}} [X]" where len(TOKENS(X)) < 3 and X != ${JSON.stringify("q")}`),
  expr.map((e) => `assert ${e}`),
  expr.map((e) => `print(${e})`),
);
const compound = fc.oneof(
  fc.tuple(expr, simple).map(([e, s]) => `if ${e}:\n    ${s}\nelse:\n    pass`),
  fc.tuple(expr, simple).map(([e, s]) => `for i in ${e}:\n    ${s}\n    if i == 1:\n        break`),
  fc.tuple(expr, simple).map(([e, s]) => `while ${e}:\n    ${s}\n    continue`),
  fc.tuple(simple, expr).map(([s, e]) => `def f(a, b=1):\n    ${s}\n    return ${e}\nc = f(a)`),
);
const program = fc.array(fc.oneof(simple, compound), { minLength: 1, maxLength: 6 }).map((lines) => ["a = 1", "b = 2", "c = 3", ...lines].join("\n"));

describe("interpreter robustness", () => {
  it("ends every random program in a value or a diagnostic", async () => {
    await fc.assert(
      fc.asyncProperty(program, async (src) => {
        const compiled = compile(src);
        if (compiled.kind === "error") return;
        const outcome = await runProgram(compiled.query.program, {
          session: new FakeSession({ X: [" x ", "yy", ""] }),
          constraints: fakeCompiler,
          globals: new Map(),
          limits: { ...DEFAULT_LIMITS, maxIterations: 30, timeoutMs: 5000 },
        });
        if (outcome.kind === "error") {
          expect(outcome.diagnostic.code).toMatch(/^E[37]\d\d$/);
          expect(outcome.diagnostic.span.end).toBeLessThanOrEqual(src.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
