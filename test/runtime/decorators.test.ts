/** Hole decorators: LMQL's calling conventions for the pre, streaming and post stages. */
import { describe, expect, it } from "vitest";
import { okVariables, runFake } from "./fake-session.js";

describe("post decorators", () => {
  it("a one-parameter function gets the value only; its result's prompt text is str(result)", async () => {
    const src = [`def count(v):`, `    return len(v)`, `"n=[@count X]!"`].join("\n");
    const { outcome, session } = await runFake(src, { X: "abcd" });
    expect(okVariables(outcome)).toEqual({ X: 4 });
    expect(session.text).toBe("n=4!");
  });

  it("a tuple that is not a pair is a value like any other", async () => {
    const src = [`def three(v):`, `    return (v, v, v)`, `"[@three X]"`].join("\n");
    const { outcome, session } = await runFake(src, { X: "a" });
    expect(okVariables(outcome).X).toMatchObject({ items: ["a", "a", "a"] });
    expect(session.text).toBe("('a', 'a', 'a')");
  });

  it("a pair's prompt value that is not a str is shown with str()", async () => {
    const src = [`def pair(v, p, context):`, `    return v, 12`, `"[@pair X]"`].join("\n");
    const { outcome, session } = await runFake(src, { X: "a" });
    expect(okVariables(outcome)).toEqual({ X: "a" });
    expect(session.text).toBe("12");
  });

  it("an error in a decorator is a located runtime diagnostic", async () => {
    const src = [`def bad(v):`, `    return v + 1`, `"[@bad X]"`].join("\n");
    const { outcome } = await runFake(src, { X: "a" });
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.diagnostic.message).toContain("TypeError");
    expect(src.slice(outcome.diagnostic.span.start, outcome.diagnostic.span.end)).toBe("v + 1");
  });
});

describe("pre decorators", () => {
  it("a one-parameter pre decorator gets the variable; the first that fixes the value wins", async () => {
    const src = [
      `calls = []`,
      `@lmql.decorators.pre`,
      `def first(variable):`,
      `    calls.append("first " + variable.name)`,
      `    return variable`,
      `@lmql.decorators.pre`,
      `def fixed(variable):`,
      `    calls.append("fixed")`,
      `    return ("value", "shown")`,
      `@lmql.decorators.pre`,
      `def never(variable):`,
      `    calls.append("never")`,
      `    return variable`,
      `"<[@first @fixed @never X]>"`,
      `return calls`,
    ].join("\n");
    const { outcome, session } = await runFake(src, {});
    expect(okVariables(outcome)).toEqual({ X: "value" });
    expect(session.text).toBe("<shown>");
    expect(session.calls).toEqual([]);
    if (outcome.kind === "ok") expect(outcome.result.returned).toEqual(["first X", "fixed"]);
  });
});

describe("streaming decorators", () => {
  it("an error while streaming fails the run with a diagnostic", async () => {
    const src = [`@lmql.decorators.streaming`, `def s(value, context):`, `    return 1 / 0`, `"[@s X]"`].join("\n");
    const { outcome } = await runFake(src, { X: "abc" });
    expect(outcome.kind).toBe("error");
    if (outcome.kind === "error") expect(outcome.diagnostic.message).toContain("division by zero");
  });

  it("gets `context` with the prompt so far", async () => {
    const src = [`seen = []`, `@lmql.decorators.streaming`, `def s(value, context):`, `    seen.append(context.prompt)`, `"Q: [@s X]"`, `return seen`].join("\n");
    const { outcome } = await runFake(src, { X: "abc" });
    if (outcome.kind !== "ok") throw new Error(outcome.diagnostic.message);
    expect(outcome.result.returned).toEqual(["Q: abc"]);
  });
});
