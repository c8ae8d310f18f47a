import { describe, expect, it } from "vitest";
import { compile, lmql, loadModel, LmqlError, renderDiagnostics, run, type QueryEvent, type RunResult } from "../../src/index.js";

const MODEL = "local:micro-lm";

describe("the query object", () => {
  it("runs a literal query and types nothing away at run time", async () => {
    const q = lmql(`"Colour: [C]\\n" where C in ["red", "green", "blue"]\n"Count: [N: int]" where len(TOKENS(N)) < 4`);
    const r = await q.run({ model: MODEL });
    const { C, N } = r.results[0]!.variables;
    expect(["red", "green", "blue"]).toContain(C);
    expect(Number.isInteger(N)).toBe(true);
    expect(r.results[0]!.prompt).toBe(`Colour: ${C}\nCount: ${N}`);
  });

  it("streams the onEvent events, then result and done, matching run()", async () => {
    const source = `"Q: Name a fruit.\\nA: [A]" where STOPS_AT(A, "\\n") and len(TOKENS(A)) < 5`;
    const viaCallback: QueryEvent[] = [];
    const ran = await run(source, { model: MODEL, onEvent: (e) => viaCallback.push(e) });
    const streamed: QueryEvent[] = [];
    for await (const e of lmql(source).stream({ model: MODEL })) streamed.push(e);
    const tail = streamed.slice(-2);
    expect(tail.map((e) => e.type)).toEqual(["result", "done"]);
    expect(streamed.slice(0, -2)).toEqual(viaCallback.filter((e) => e.type !== "model-loading"));
    const done = tail[1]!;
    if (done.type !== "done") throw new Error("expected done last");
    expect(done.run.results).toEqual(ran.results);
    const types = new Set(streamed.map((e) => e.type));
    for (const t of ["text", "hole-start", "hole-end"]) expect(types.has(t as QueryEvent["type"])).toBe(true);
  });

  it("a failing run makes the stream throw its LmqlError after the earlier events", async () => {
    // int("abc") fails at run time, after the hole was decoded.
    const q = lmql(`"Hello [X]" where X in ["abc", "def"]\n"{int(X)}"`);
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const e of q.stream({ model: MODEL })) seen.push(e.type);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LmqlError);
    expect(seen).toContain("hole-end");
    expect(seen).not.toContain("done");
  });

  it("binds tag values as inputs and run(query) accepts the query object", async () => {
    const topic = "the sea";
    const q = lmql`"A word about ${topic}: [W]" where len(TOKENS(W)) < 3`;
    expect(q.inputs).toEqual([]);
    const a = await q.run({ model: MODEL });
    const b = await run(q, { model: MODEL });
    expect(a.results).toEqual(b.results);
    expect(a.results[0]!.prompt).toBe(`A word about the sea: ${String(a.results[0]!.variables.W)}`);
  });

  it("a literal's inputs are passed as args and reported by the query", async () => {
    const q = lmql(`"Hello {name}! [REPLY]" where len(TOKENS(REPLY)) < 4`);
    expect(q.inputs).toEqual(["name"]);
    const r = await q.run({ model: MODEL, args: { name: "Ada" } });
    expect(r.results[0]!.prompt).toBe(`Hello Ada! ${r.results[0]!.variables.REPLY}`);
  });

  it("compile() reports diagnostics without throwing, and LmqlError renders without checks", () => {
    const bad = compile(`"Hello [X" where`);
    expect(bad.kind).toBe("error");
    try {
      lmql(`"Hello [X" where`);
      throw new Error("expected a compile error");
    } catch (e) {
      if (!(e instanceof LmqlError)) throw e;
      const text = renderDiagnostics(e.diagnostics, e.source);
      expect(text).toMatch(/error\[E\d+\]/);
    }
  });
});

describe("models as values", () => {
  it("8 concurrent runs on one loaded model give each its sequential result", async () => {
    const model = await loadModel(MODEL);
    const queries = ["apples", "the moon", "rivers", "bread", "winter", "cats", "music", "stone"].map(
      (topic, i) => lmql`"Write about ${topic}: [T]" where len(TOKENS(T)) < ${4 + (i % 3)}
"Then: [U]" where STOPS_AT(U, ".") and len(TOKENS(U)) < 5`,
    );
    const sequential: RunResult[] = [];
    for (const q of queries) sequential.push(await q.run({ model }));
    const concurrent = await Promise.all(queries.map((q) => q.run({ model })));
    concurrent.forEach((r, i) => expect(r.results).toEqual(sequential[i]!.results));
    // The runs differ, so a mixed-up session would show.
    expect(new Set(sequential.map((r) => r.results[0]!.prompt)).size).toBe(8);
    expect(new Set(sequential.map((r) => JSON.stringify(r.results[0]!.variables))).size).toBeGreaterThan(1);
  });
});
