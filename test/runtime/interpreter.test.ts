import { describe, expect, it } from "vitest";
import { okVariables, runFake } from "./fake-session.js";
import type { RunEvent } from "../../src/runtime/run-events.js";

describe("prompts and holes", () => {
  it("appends template text, fills a hole and binds its variable", async () => {
    const { outcome, session } = await runFake(`"Q: capital of France?\\nA: [ANSWER]"`, { ANSWER: "Paris" });
    expect(okVariables(outcome)).toEqual({ ANSWER: "Paris" });
    expect(session.text).toBe("Q: capital of France?\nA: Paris");
    expect(session.calls[0]!.prompt).toBe("Q: capital of France?\nA: ");
  });

  it("interpolates expressions with str() and format specs", async () => {
    const { outcome } = await runFake(`x = 3\ny = 2.5\nname = "Ann"\n"{name}: {x} {y:.2f} {[1, 'a']}"`);
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("Ann: 3 2.50 [1, 'a']");
  });

  it("switches roles", async () => {
    const { session } = await runFake(`"{:system}Be brief.{:user}Hi{:assistant}[R]"`, { R: "Hello" });
    expect(session.roles).toEqual(["system", "user", "assistant"]);
    expect(session.text).toBe("<system>Be brief.<user>Hi<assistant>Hello");
  });

  it("streams template and generated text as events", async () => {
    const events: RunEvent[] = [];
    await runFake(`"a [X] b"`, { X: "x" }, { events });
    const texts = events.filter((e) => e.type === "text").map((e) => (e.type === "text" ? [e.text, e.generated] : []));
    expect(texts).toEqual([["a ", false], ["x", true], [" b", false]]);
    expect(events.map((e) => e.type)).toContain("hole-end");
  });
});

describe("constraints become specs per hole", () => {
  it("combines inline terms into one spec", async () => {
    const { session } = await runFake(`"A: [A]" where STOPS_AT(A, "\\n") and len(TOKENS(A)) < 10`, { A: "Paris\n" });
    expect(session.calls[0]!.spec).toEqual({ kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "tokenLength", op: "<", n: 10 }] });
  });

  it("restricts only the holes a term names (global where)", async () => {
    const src = `argmax\n    "[A] and [B]"\nfrom "local:tiny-lm"\nwhere A in ["x", "y"] and len(B) <= 5`;
    const { session } = await runFake(src, { A: "x", B: "short" });
    expect(session.calls.map((c) => [c.name, c.spec])).toEqual([
      ["A", { kind: "choice", options: ["x", "y"] }],
      ["B", { kind: "charLength", op: "<=", n: 5 }],
    ]);
  });

  it("reads program values in constraint arguments", async () => {
    const src = `choices = ["red", "blue"]\nstop = "."\n"[C]" where C in choices and STOPS_BEFORE(C, stop) and not "x" in C and C.startswith("r")`;
    const { session } = await runFake(src, { C: "red" });
    expect(session.calls[0]!.spec).toEqual({
      kind: "and",
      parts: [
        { kind: "choice", options: ["red", "blue"] },
        { kind: "stopsBefore", stop: "." },
        { kind: "not", part: { kind: "contains", text: "x" } },
        { kind: "startsWith", prefix: "r" },
      ],
    });
  });

  it("flips a bound written on the left and lowers comparison chains", async () => {
    const { session } = await runFake(`"[A]" where 2 < len(WORDS(A)) <= 4`, { A: "a b c" });
    expect(session.calls[0]!.spec).toEqual({ kind: "and", parts: [{ kind: "wordLength", op: ">", n: 2 }, { kind: "wordLength", op: "<=", n: 4 }] });
  });

  it("evaluates a term about an already-decided hole to true or false", async () => {
    const src = `argmax\n    "[A]\\n"\n    "[B]"\nfrom "local:tiny-lm"\nwhere B == "1" or A == "x"`;
    const decided = await runFake(src, { A: "x", B: "free" });
    expect(decided.session.calls[1]!.spec).toEqual({ kind: "true" });
    const other = await runFake(src, { A: "z", B: "1" });
    expect(other.session.calls[1]!.spec).toEqual({ kind: "equals", text: "1" });
  });

  it("masks nothing for a term whose other hole is not decided yet", async () => {
    const { session } = await runFake(`"[A] [B]" where A == "x" or B == "y"`, { A: "q", B: "y" });
    expect(session.calls[0]!.spec).toEqual({ kind: "true" });
    expect(session.calls[1]!.spec).toEqual({ kind: "equals", text: "y" });
  });

  it("casts typed holes and constrains them by type", async () => {
    const { outcome, session } = await runFake(`"[N: int] [F: float] [D: r'[0-9]{2}']"\nM = N + 1`, { N: "41", F: "2.5", D: "07" });
    const vars = okVariables(outcome);
    expect(vars.N).toBe(41);
    expect(session.calls.map((c) => c.spec)).toEqual([{ kind: "int" }, { kind: "float" }, { kind: "regex", pattern: "[0-9]{2}" }]);
  });

  it("reports a violated post-check naming the term and the value", async () => {
    const { outcome } = await runFake(`"[A]" where A.upper() == A`, { A: "abc" });
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.diagnostic.code).toBe("E308");
    expect(outcome.diagnostic.message).toBe("A = 'abc' violates 'A.upper() == A'");
  });

  it("passes a post-check the value satisfies", async () => {
    const { outcome } = await runFake(`"[A]" where A.upper() == A and len(A) < 9`, { A: "ABC" });
    expect(okVariables(outcome)).toEqual({ A: "ABC" });
  });

  it("reports a constraint argument of the wrong type at the argument", async () => {
    const src = `n = "five"\n"[A]" where len(A) < n`;
    const { outcome } = await runFake(src, { A: "a" });
    expect(outcome.kind === "error" && outcome.diagnostic.code).toBe("E309");
    if (outcome.kind === "error") expect(src.slice(outcome.diagnostic.span.start, outcome.diagnostic.span.end)).toBe("n");
  });
});

describe("statements", () => {
  it("runs for loops over range, enumerate, zip and dict keys, with holes inside", async () => {
    const src = [
      `items = []`,
      `for i in range(3):`,
      `    "- [ITEM]\\n"`,
      `    items.append(ITEM)`,
      `pairs = [f"{i}:{x}" for i, x in enumerate(items)]`,
      `z = [a + b for a, b in zip("ab", "cd")]`,
      `keys = []`,
      `for k in {"p": 1, "q": 2}:`,
      `    keys.append(k)`,
      `"{pairs} {z} {keys}"`,
    ].join("\n");
    const { outcome } = await runFake(src, { ITEM: ["x", "y", "z"] });
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("- x\n- y\n- z\n['0:x', '1:y', '2:z'] ['ac', 'bd'] ['p', 'q']");
  });

  it("supports while, break, continue, elif/else, += and tuple unpacking", async () => {
    const src = [
      `a, (b, c) = 1, (2, 3)`,
      `total = 0`,
      `i = 0`,
      `while True:`,
      `    i += 1`,
      `    if i % 2 == 0:`,
      `        continue`,
      `    elif i > 7:`,
      `        break`,
      `    else:`,
      `        total += i`,
      `"{a}{b}{c} {total} {i}"`,
    ].join("\n");
    const { outcome } = await runFake(src);
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("123 16 9");
  });

  it("runs for-else and assigns to subscripts and attributes of dicts", async () => {
    const src = [`d = {"k": [0, 0]}`, `d["k"][1] = 5`, `for x in []:`, `    pass`, `else:`, `    d["e"] = "else"`, `"{d}"`].join("\n");
    const { outcome } = await runFake(src);
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("{'k': [0, 5], 'e': 'else'}");
  });

  it("calls Python functions with defaults and recursion", async () => {
    const src = [`def fact(n, acc=1):`, `    if n <= 1:`, `        return acc`, `    return fact(n - 1, acc * n)`, `"{fact(5)}"`].join("\n");
    const { outcome } = await runFake(src);
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("120");
  });

  it("returns a top-level value", async () => {
    const { outcome } = await runFake(`"[A]"\nreturn A.strip() + "!"`, { A: " hi " });
    expect(outcome.kind === "ok" && outcome.result.returned).toBe("hi!");
  });

  it("turns a failing assert into an AssertionError diagnostic", async () => {
    const { outcome } = await runFake(`x = 1\nassert x == 2, "x should be 2"`);
    expect(outcome.kind === "error" && [outcome.diagnostic.code, outcome.diagnostic.message]).toEqual(["E710", "AssertionError: x should be 2"]);
  });

  it("locates a Python error at the failing expression", async () => {
    const src = `x = 1\ny = x / 0`;
    const { outcome } = await runFake(src);
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.diagnostic.code).toBe("E706");
    expect(src.slice(outcome.diagnostic.span.start, outcome.diagnostic.span.end)).toBe("x / 0");
  });

  it("stops a runaway loop with an error instead of hanging", async () => {
    const { outcome } = await runFake(`while True:\n    pass`, {}, { limits: { maxIterations: 50 } });
    expect(outcome.kind === "error" && outcome.diagnostic.code).toBe("E305");
  });

  it("stops at the wall-clock limit", async () => {
    const { outcome } = await runFake(`x = 1\n"[A]"`, { A: "a" }, { limits: { timeoutMs: -1 } });
    expect(outcome.kind === "error" && outcome.diagnostic.code).toBe("E306");
  });

  it("reports print() output as events", async () => {
    const events: RunEvent[] = [];
    await runFake(`print("hi", 2)`, {}, { events });
    expect(events).toContainEqual({ type: "print", text: "hi 2\n", result: 0 });
  });
});

describe("functions and nested queries", () => {
  it("fills [X: fn] with a nested query's return value; its text is unwound from the prompt", async () => {
    const src = [
      `def chain_of_thought():`,
      `    "A: Let's think step by step.\\n[REASONING]"`,
      `    "Therefore the answer is[ANSWER]" where STOPS_AT(ANSWER, ".")`,
      `    return ANSWER.strip()`,
      `"Q: What is 2+2?\\n[RESULT: chain_of_thought]"`,
    ].join("\n");
    const { outcome, session } = await runFake(src, { REASONING: "Add them.\n", ANSWER: " 4." });
    expect(okVariables(outcome)).toEqual({ RESULT: "4." });
    // While it ran, its holes saw its own text; afterwards the caller's prompt holds str(result).
    expect(session.calls[1]!.prompt).toBe("Q: What is 2+2?\nA: Let's think step by step.\nAdd them.\nTherefore the answer is");
    expect(session.text).toBe("Q: What is 2+2?\n4.");
  });

  it("passes arguments to a nested query hole", async () => {
    const src = [`def ask(topic, n=2):`, `    "Tell me about {topic} in {n} words: [W]"`, `    return W`, `"[OUT: ask('cats', n=3)]"`].join("\n");
    const { outcome, session } = await runFake(src, { W: "small furry friends" });
    expect(okVariables(outcome).OUT).toBe("small furry friends");
    expect(session.calls[0]!.prompt).toBe("Tell me about cats in 3 words: ");
  });

  it("calls a nested query as a statement (macro expansion)", async () => {
    const src = [`def greet(name):`, `    "Hello {name}! [REPLY]"`, `greet("Bob")`, `" done"`].join("\n");
    const { session } = await runFake(src, { REPLY: "Hi." });
    expect(session.text).toBe("Hello Bob! Hi. done");
  });

  it("runs a query function called from code as a query of its own", async () => {
    const src = [`def translate(word):`, `    "Translate {word}: [FR]"`, `    return FR.strip()`, `"EN -> FR\\n"`, `fr = await translate("cat")`, `"cat -> {fr}"`].join("\n");
    const separate: import("./fake-session.js").FakeSession[] = [];
    const events: RunEvent[] = [];
    const { outcome, session } = await runFake(src, { FR: " chat " }, { separate, events });
    expect(session.text).toBe("EN -> FR\ncat -> chat");
    expect(separate.map((s) => s.text)).toEqual(["Translate cat:  chat "]);
    expect(okVariables(outcome)).toEqual({});
    expect(events.filter((e) => e.type === "text").map((e) => (e.type === "text" ? e.text : "")).join("")).toBe(session.text);
  });

  it("splices a query function filling a hole even when sessions could be separate", async () => {
    const src = [`def cot():`, `    "Think: [R]"`, `    return R`, `"Q: [A: cot]"`].join("\n");
    const separate: import("./fake-session.js").FakeSession[] = [];
    const { session } = await runFake(src, { R: "hmm" }, { separate });
    expect(session.calls[0]!.prompt).toBe("Q: Think: ");
    expect(session.text).toBe("Q: hmm");
    expect(separate).toEqual([]);
  });

  it("appends a host function's value as the hole's text", async () => {
    const { outcome, session } = await runFake(`"Result: [R: lookup]"`, {}, { args: { lookup: () => "42" } });
    expect(okVariables(outcome).R).toBe("42");
    expect(session.text).toBe("Result: 42");
  });

  it("reports a declared host function the host did not provide", async () => {
    const src = `def wiki(q): ...\nx = wiki("cats")`;
    const { outcome } = await runFake(src);
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.diagnostic.code).toBe("E302");
    expect(src.slice(outcome.diagnostic.span.start, outcome.diagnostic.span.end)).toBe("wiki");
  });

  it("uses a provided host function in place of its declaration", async () => {
    const src = `def wiki(q): ...\n"{wiki('cats')}"`;
    const { outcome } = await runFake(src, {}, { args: { wiki: (q: string) => `about ${q}` } });
    expect(outcome.kind === "ok" && outcome.result.prompt).toBe("about cats");
  });

  it("applies decorators innermost first", async () => {
    const src = [`def shout(s):`, `    return s.upper()`, `def bang(s):`, `    return s + "!"`, `"[@bang @shout A]"`].join("\n");
    const { outcome } = await runFake(src, { A: "hey" });
    expect(okVariables(outcome).A).toBe("HEY!");
  });
});

describe("distribution and limits", () => {
  it("scores the options, picks the most likely and carries the distribution", async () => {
    const src = `"Review: great!\\nSentiment: [S]" distribution S in ["positive", "negative"]`;
    const { outcome, session } = await runFake(src, {}, { logprobs: { positive: -0.1, negative: -2 } });
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(outcome.result.variables.get("S")).toBe("positive");
    expect(outcome.result.prompt).toBe("Review: great!\nSentiment: positive");
    const probs = outcome.result.distribution!.scores.map((s) => s.probability);
    expect(probs[0]! + probs[1]!).toBeCloseTo(1, 10);
    expect(probs[0]!).toBeCloseTo(1 / (1 + Math.exp(-1.9)), 10);
    expect(session.calls).toEqual([]);
  });

  it("fails when the query's token budget is spent", async () => {
    const { outcome } = await runFake(`"[A] [B]"`, { A: "abc", B: "d" }, { limits: { maxTokens: 3 } });
    expect(outcome.kind === "error" && outcome.diagnostic.code).toBe("E303");
  });

  it("gives each hole the smaller of its own cap and the remaining budget", async () => {
    const { session } = await runFake(`"[A] [B]"`, { A: "ab", B: "c" }, { limits: { maxTokens: 10, maxTokensPerHole: 6 } });
    expect(session.calls.map((c) => c.maxTokens)).toEqual([6, 6]);
  });

  it("fails when a hole hits its limit before its constraint holds", async () => {
    const { outcome } = await runFake(`"[A]" where A in ["yes", "no"]`, { A: "ye" }, { finish: "length" });
    expect(outcome.kind === "error" && outcome.diagnostic.code).toBe("E304");
  });
});
