/**
 * `[X: obj.fn]` and `[X: obj.fn(args)]` (LMQL's `[ANSWER: self.chain_of_thought]`): the checker
 * resolves the root name, the lowering builds the attribute chain, the runtime calls what it finds.
 * Hand-built ASTs, so these hold whatever the parser's spelling of the hole.
 */
import { describe, expect, it } from "vitest";
import { check } from "../../src/check/check.js";
import { lower } from "../../src/ir/lower.js";
import { runProgram } from "../../src/runtime/interpreter.js";
import { DEFAULT_LIMITS } from "../../src/runtime/run-limits.js";
import { fromJs } from "../../src/runtime/eval/index.js";
import type { HoleType } from "../../src/syntax/ast.js";
import { FakeSession, fakeCompiler } from "../runtime/fake-session.js";
import * as b from "./build.js";

const callType = (callee: ReturnType<typeof b.attr>, args: Parameters<typeof b.call>[1] = []): HoleType => ({ kind: "call", call: b.call(callee, args), span: b.S });

describe("dotted hole callees", () => {
  it("a dotted typename whose root is a parameter checks clean", () => {
    const q = b.query([b.def("ask", ["self"], [b.prompt([b.text("Q: "), b.hole("ANSWER", b.S, b.typename("self.chain_of_thought"))])])]);
    const { value, diagnostics } = check(q);
    expect(diagnostics).toEqual([]);
    expect(value.holes[0]!.type).toMatchObject({ kind: "query", function: "self.chain_of_thought", source: "host" });
  });

  it("an undefined root is an input, reported once at the root name", () => {
    const src = `"[X: tools.lookup('cats')]"`;
    const q = b.query([b.prompt([b.hole("X", b.S, callType(b.attr(b.name("tools", b.spanOf(src, "tools")), "lookup"), [b.str("cats")]))])]);
    const { value, diagnostics } = check(q);
    expect(value.inputs).toEqual(["tools"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["W200"]);
  });

  it("a callee that is not a name path is still an error", () => {
    const q = b.query([b.prompt([b.hole("X", b.S, { kind: "call", call: b.call(b.call("f", []), []), span: b.S })])]);
    expect(check(q).diagnostics.map((d) => d.code)).toEqual(["E211"]);
  });

  it("runs: the attribute is found on the object the host passed, the prompt gets str(result)", async () => {
    const q = b.query([b.prompt([b.text("Q: "), b.hole("X", b.S, b.typename("tools.answer")), b.text(" / "), b.hole("Y", b.S, callType(b.attr(b.name("tools"), "twice"), [b.num(21)]))])]);
    const checked = check(q);
    expect(checked.diagnostics.every((d) => d.severity !== "error")).toBe(true);
    const program = lower(checked.value).value;
    const tools = { answer: () => "forty-two", twice: (n: number) => n * 2 };
    const session = new FakeSession({});
    const outcome = await runProgram(program, { session, constraints: fakeCompiler, globals: new Map([["tools", fromJs(new Tools(tools))]]), limits: DEFAULT_LIMITS });
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(Object.fromEntries(outcome.result.variables)).toEqual({ X: "forty-two", Y: 42 });
    expect(session.text).toBe("Q: forty-two / 42");
  });
});

/** A class instance, so the host object keeps its methods (a plain object would become a dict). */
class Tools {
  constructor(private readonly impl: { answer: () => string; twice: (n: number) => number }) {}
  answer(): string {
    return this.impl.answer();
  }
  twice(n: number): number {
    return this.impl.twice(n);
  }
}
