/**
 * The prompt is rewritten with every post-processed value; the events stay honest about it: text,
 * role and rewrite events applied in order give the final prompt exactly.
 */
import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import type { RunEvent } from "../../src/runtime/run-events.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";
import { okVariables, runFake } from "./fake-session.js";

/** Replays the prompt from the events, as a consumer mirroring the stream would. */
function replay(events: readonly RunEvent[]): string {
  let buffer = "";
  for (const e of events) {
    if (e.type === "text" || e.type === "role") buffer += e.text;
    if (e.type === "rewrite") {
      expect(buffer.slice(e.at)).toBe(e.removed);
      buffer = buffer.slice(0, e.at) + e.text;
    }
  }
  return buffer;
}

async function runScripted(text: string, replies: string[]): Promise<{ prompt: string; events: RunEvent[]; variables: Record<string, unknown> }> {
  const events: RunEvent[] = [];
  const result = await run({ name: "q.lmql", text }, { model: scriptedModel(replies), onEvent: (e) => events.push(e) });
  const r = result.results[0]!;
  return { prompt: r.prompt, events, variables: r.variables };
}

describe("rewrite events", () => {
  it("STOPS_BEFORE, an int and a decorator: the replayed stream is the prompt", async () => {
    const src = [
      `def up(s):`,
      `    return s.upper()`,
      `"-[A]\\n" where STOPS_BEFORE(A, "\\n")`,
      `"n=[N: int] [@up B]"`,
    ].join("\n");
    const { prompt, events, variables } = await runScripted(src, ["first\n", "007", "bee"]);
    expect(prompt).toBe("-first\nn=7 BEE");
    expect(variables).toEqual({ A: "first", N: 7, B: "BEE" });
    expect(replay(events)).toBe(prompt);
    const rewrites = events.filter((e) => e.type === "rewrite");
    expect(rewrites.map((e) => [e.variable, e.removed, e.text])).toEqual([["A", "first\n", "first"], ["N", "007", "7"], ["B", "bee", "BEE"]]);
  });

  it("a nested query that returns is streamed, then unwound by one rewrite", async () => {
    const src = [
      `def ask():`,
      `    "{:user}Say hi[R]"`,
      `    return R.strip()`,
      `"Start [X: ask] end"`,
    ].join("\n");
    const { prompt, events, variables } = await runScripted(src, [" hi "]);
    expect(prompt).toBe("Start hi end");
    expect(variables).toEqual({ X: "hi" });
    expect(replay(events)).toBe(prompt);
    const rewrite = events.find((e) => e.type === "rewrite");
    expect(rewrite).toMatchObject({ type: "rewrite", at: "Start ".length, text: "hi", variable: "X" });
  });

  it("a value that needs no rewrite streams as text only", async () => {
    const { events } = await runScripted(`"Say [A]"`, ["hello"]);
    expect(events.some((e) => e.type === "rewrite")).toBe(false);
  });
});

describe("nested queries unwind", () => {
  it("three calls fit a context that only holds one call's instructions at a time", async () => {
    const instructions = "Read the question carefully, think about every part of it, and answer in one short word only. ".repeat(2);
    const src = [
      `def short(q):`,
      `    "${instructions}Question: {q} Answer: [A]" where len(TOKENS(A)) < 3`,
      `    return A`,
      `for q in ["one", "two", "three"]:`,
      `    "{q}: [V: short(q)]\\n"`,
    ].join("\n");
    const model = scriptedModel(["yes", "no", "maybe"], { contextLength: 90 });
    const oneCall = model.encode(instructions + "Question: three Answer: ").length;
    expect(oneCall).toBeLessThan(70);
    expect(3 * oneCall).toBeGreaterThan(90);
    const result = await run({ name: "q.lmql", text: src }, { model });
    expect(result.results[0]!.prompt).toBe("one: yes\ntwo: no\nthree: maybe\n");
  });

  it("later holes see the returned value, not the nested instructions", async () => {
    const src = [
      `def sub(q):`,
      `    "Instructions for {q}: [S]"`,
      `    return S`,
      `for q in ["a", "b", "c"]:`,
      `    "({q}) [V: sub(q)]\\n"`,
      `"Done: [END]"`,
    ].join("\n");
    const { outcome, session } = await runFake(src, { S: ["x", "y", "z"], END: "ok" });
    expect(okVariables(outcome)).toEqual({ V: "z", END: "ok" });
    expect(session.calls.map((c) => c.prompt)).toEqual([
      "(a) Instructions for a: ",
      "(a) x\n(b) Instructions for b: ",
      "(a) x\n(b) y\n(c) Instructions for c: ",
      "(a) x\n(b) y\n(c) z\nDone: ",
    ]);
  });

  it("a bare `return` unwinds to str(None), as LMQL does", async () => {
    const src = [`def sub():`, `    "Think [S]"`, `    return`, `"<[V: sub]>"`].join("\n");
    const { outcome, session } = await runFake(src, { S: "x" });
    expect(okVariables(outcome)).toEqual({ V: null });
    expect(session.text).toBe("<None>");
  });

  it("nested queries inside nested queries unwind level by level", async () => {
    const src = [
      `def inner():`,
      `    "inner text [I]"`,
      `    return I + "!"`,
      `def outer():`,
      `    "outer text [O: inner] more [P]"`,
      `    return O + P`,
      `"Top [T: outer]"`,
    ].join("\n");
    const { outcome, session } = await runFake(src, { I: "i", P: "p" });
    expect(okVariables(outcome)).toEqual({ T: "i!p" });
    expect(session.calls[1]!.prompt).toBe("Top outer text i! more ");
    expect(session.text).toBe("Top i!p");
  });
});
