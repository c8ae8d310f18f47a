/**
 * The text session on the real Anthropic SDK against a fake server on 127.0.0.1: stop phrases,
 * checked-and-repaired values, bounded repairs, retries, broken streams, caching and counts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileConstraint } from "../../src/constraints/compile.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { openAnthropic, type AnthropicOptions } from "../../src/models/anthropic.js";
import { DecodeError } from "../../src/runtime/decode/decode-error.js";
import { BYTE_VOCABULARY, openTextSession, type TextPromptSession } from "../../src/runtime/decode/text-session.js";
import type { DecoderSettings, HoleRequest } from "../../src/runtime/decode/types.js";
import { documentOf, FakeAnthropic, type FakeReply, type WireRequest } from "./fake-anthropic.js";

const ARGMAX: DecoderSettings = { decoder: "argmax", n: 1, temperature: 1, maxTokensPerHole: 64 };
let server: FakeAnthropic | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function session(respond: (req: WireRequest, i: number) => FakeReply, options: AnthropicOptions = {}, settings = ARGMAX, stops?: ReadonlyMap<string, readonly string[]>): Promise<TextPromptSession> {
  server = await new FakeAnthropic(respond).start();
  const model = openAnthropic("anthropic:claude-sonnet-4-5", { apiKey: "test-key", baseURL: server.url, maxRetries: 2, ...options }, {});
  return openTextSession(model, settings, stops === undefined ? {} : { templateStops: stops });
}

function hole(name: string, spec: ConstraintSpec, maxTokens = 32): HoleRequest {
  return { name, constraint: compileConstraint(spec, BYTE_VOCABULARY), maxTokens };
}

const say = (text: string, extra: Partial<FakeReply & { kind: "text" }> = {}): FakeReply => ({ kind: "text", text, ...extra });

async function decodeError(p: Promise<unknown>): Promise<DecodeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

describe("text session on the Anthropic SDK (fake server)", () => {
  it("sends a STOPS_AT phrase as a stop sequence and keeps it in the value", async () => {
    const s = await session(() => say("Paris. It is also the largest city."));
    s.appendText("Q: What is the capital of France?\nA: ");
    const r = await s.generate(hole("A", { kind: "stopsAt", stop: "." }));
    const req = server!.requests[0]!.body;
    expect(req.stop_sequences).toEqual(["."]);
    expect(req.stream).toBe(true);
    expect(r.value).toBe("Paris.");
    expect(r.finish).toBe("constraint");
    expect(s.text).toBe("Q: What is the capital of France?\nA: Paris.");
  });

  it("cuts STOPS_BEFORE's phrase from the value but keeps it in the generated text", async () => {
    const s = await session(() => say("Paris; then Rome"));
    s.appendText("City: ");
    const r = await s.generate(hole("C", { kind: "stopsBefore", stop: ";" }));
    expect(server!.requests[0]!.body.stop_sequences).toEqual([";"]);
    expect(r.value).toBe("Paris");
    expect(r.text).toBe("Paris;");
  });

  it("ends a value at a blank stop phrase on the client (the API takes none) and stops the stream", async () => {
    const s = await session(() => say("line one\nline two\nline three", { chunk: 1 }));
    s.appendText("Text: ");
    const r = await s.generate(hole("T", { kind: "stopsAt", stop: "\n" }));
    expect(server!.requests[0]!.body.stop_sequences).toBeUndefined();
    expect(r.value).toBe("line one\n");
    expect(r.finish).toBe("constraint");
    expect(server!.requests).toHaveLength(1);
  });

  it("puts the prompt's last line in an assistant prefill without its trailing blank", async () => {
    const s = await session(() => say(" Paris"));
    s.appendText("Q: capital of France?\nA: ");
    const r = await s.generate(hole("A", { kind: "true" }));
    const req = server!.requests[0]!.body;
    expect(documentOf(req)).toEqual({ user: "Q: capital of France?\n", prefill: "A:" });
    // The blank the prefill lost is taken off the reply's start, so it is not doubled.
    expect(r.value).toBe("Paris");
  });

  it("stops before the template text that follows the hole, which never leaks into the value", async () => {
    const s = await session(() => say("blue\nA: it scatters light\nQ: next"), {}, ARGMAX, new Map([["Q", ["\nA:"]]]));
    s.appendText("Q: ");
    const r = await s.generate(hole("Q", { kind: "true" }));
    expect(server!.requests[0]!.body.stop_sequences).toEqual(["\nA:"]);
    expect(r.value).toBe("blue");
  });

  it("streams only text that passes the constraint", async () => {
    const s = await session(() => say("42 apples and pears", { chunk: 2 }));
    s.appendText("Count: ");
    const streamed: string[] = [];
    const r = await s.generate(hole("N", { kind: "int" }), (t) => streamed.push(t));
    expect(r.value).toBe("42");
    expect(streamed.join("")).toBe("42");
    expect(s.stats.repairs).toBe(0);
  });

  it("keeps the longest valid prefix of a violating value and continues from it", async () => {
    const s = await session((req, i) => (i === 0 ? say("bob at mail") : say(documentOf(req).prefill.endsWith("bob") ? "@mail" : "??")));
    s.appendText("Email: ");
    const r = await s.generate(hole("E", { kind: "regex", pattern: "[a-z]+@[a-z]+" }));
    expect(r.value).toBe("bob@mail");
    expect(server!.requests).toHaveLength(2);
    expect(documentOf(server!.requests[1]!.body).prefill).toBe("Email: bob");
    expect(s.stats.repairs).toBe(1);
    expect(s.text).toBe("Email: bob@mail");
  });

  it("continues a choice the model ended too early", async () => {
    const s = await session((_req, i) => (i === 0 ? say("Pos") : say("itive")));
    s.appendText("Sentiment: ");
    const r = await s.generate(hole("S", { kind: "choice", options: ["Positive", "Negative"] }));
    expect(r.value).toBe("Positive");
    expect(s.stats.repairs).toBe(1);
  });

  it("bounds the repairs, then fails naming the hole and the constraint", async () => {
    const s = await session(() => say("maybe"));
    s.appendText("Sentiment: ");
    const e = await decodeError(s.generate(hole("S", { kind: "choice", options: ["Positive", "Negative"] })));
    expect(e.code).toBe("E815");
    expect(e.hole).toBe("S");
    expect(e.message).toContain("hole S");
    expect(e.message).toContain('in ["Positive", "Negative"]');
    expect(server!.requests).toHaveLength(4);
    expect(e.toDiagnostic().message.includes("\n")).toBe(false);
  });

  it("sends the token limit as max_tokens and reports a value cut by it as length", async () => {
    const s = await session(() => say("a very long answer that goes on and on"));
    s.appendText("Say: ");
    const r = await s.generate(hole("A", { kind: "tokenLength", op: "<", n: 4 }, 3));
    expect(server!.requests[0]!.body.max_tokens).toBe(3);
    expect(r.finish).toBe("length");
    expect(r.value).toBe("a very long ");
    expect(r.tokens).toHaveLength(3);
  });

  it("continues after a stream that broke off, from what arrived", async () => {
    const s = await session((_req, i) => (i === 0 ? say("Paris is the capital.", { cutAfterChunks: 2 }) : say(" is the capital.")));
    s.appendText("A: ");
    const r = await s.generate(hole("A", { kind: "stopsAt", stop: "." }));
    expect(r.value).toBe("Paris is the capital.");
    expect(documentOf(server!.requests[1]!.body).prefill).toBe("A: Paris");
    expect(s.stats.repairs).toBe(1);
  });

  it("retries a 429 after its retry-after, and a 500", async () => {
    const s = await session((_req, i) => (i === 0 ? { kind: "status", status: 429, retryAfter: "1", errorType: "rate_limit_error" } : i === 1 ? { kind: "status", status: 500 } : say("ok")));
    s.appendText("Say: ");
    const r = await s.generate(hole("A", { kind: "true" }));
    expect(r.value).toBe("ok");
    const [first, second] = server!.requests;
    expect(server!.requests).toHaveLength(3);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(s.stats.calls).toBe(1);
  });

  it("fails with E817 when the server keeps failing", async () => {
    const s = await session(() => ({ kind: "status", status: 500 }), { maxRetries: 1 });
    s.appendText("Say: ");
    const e = await decodeError(s.generate(hole("A", { kind: "true" })));
    expect(e.code).toBe("E817");
    expect(e.message).toContain("HTTP 500");
    expect(server!.requests).toHaveLength(2);
  });

  it("times a slow request out", async () => {
    const s = await session(() => say("late", { delayMs: 1500 }), { maxRetries: 0, timeoutMs: 200 });
    s.appendText("Say: ");
    const e = await decodeError(s.generate(hole("A", { kind: "true" })));
    expect(e.code).toBe("E817");
  });

  it("marks the stable prefix for caching and reads it back on the next hole", async () => {
    const s = await session((_req, i) => say(i === 0 ? "Ada" : "London"));
    s.appendText(`${"Background. ".repeat(40)}\nName: `);
    await s.generate(hole("N", { kind: "true" }));
    s.appendText("\nCity: ");
    await s.generate(hole("C", { kind: "true" }));
    const blocks = server!.requests[1]!.body.messages[0]!.content;
    if (typeof blocks === "string") throw new Error("expected blocks");
    expect(blocks.map((b) => b.cache_control !== undefined)).toEqual([false, true]);
    // Cut where the first call's user turn ended (its last line went in the prefill).
    expect(blocks[0]!.text).toBe(`${"Background. ".repeat(40)}\n`);
    expect(blocks[1]!.text).toBe("Name: Ada\n");
    expect(s.stats.cachedTokens).toBeGreaterThan(100);
    expect(s.stats.calls).toBe(2);
  });

  it("forgets cache boundaries past a rewind, and forks share the totals", async () => {
    const s = await session((_req, i) => say(["Ada", "x", "Bob", "Cy"][i] ?? "?"));
    s.appendText("Intro line\nName: ");
    const mark = s.text.length;
    await s.generate(hole("N", { kind: "true" }));
    s.appendText("\nNote: ");
    await s.generate(hole("X", { kind: "true" }));
    // Unwound: the call made after the mark sent a prompt that no longer exists.
    s.rewind(mark);
    s.appendText("Zed\nfrom Zurich city\nAge: ");
    await s.generate(hole("A", { kind: "true" }));
    const blocks = server!.requests[2]!.body.messages[0]!.content;
    if (typeof blocks === "string") throw new Error("expected blocks");
    expect(blocks.map((b) => b.text)).toEqual(["Intro line\n", "Name: Zed\nfrom Zurich city\n"]);
    const child = s.fork();
    child.appendText("\nCity: ");
    await child.generate(hole("C", { kind: "true" }));
    expect(child.text.endsWith("City: Cy")).toBe(true);
    expect(s.text.endsWith("Age: Bob")).toBe(true);
    expect(s.stats.calls).toBe(4);
  });

  it("counts the server's input, output and cached tokens", async () => {
    const s = await session(() => say("fine"));
    s.appendText("How are you? ");
    await s.generate(hole("A", { kind: "true" }));
    // The fake counts four characters a token: the system instruction, the user turn and the prefill.
    const req = server!.requests[0]!.body;
    const doc = documentOf(req);
    expect(s.stats.inputTokens + s.stats.cacheWriteTokens).toBe(Math.ceil(((req.system ?? "") + doc.user + doc.prefill).length / 4));
    expect(s.stats.outputTokens).toBe(1);
    expect(s.stats.tokens).toBe(1);
  });

  it("refuses a lower bound on the token count, which it could not check", async () => {
    const s = await session(() => say("x"));
    s.appendText("Say: ");
    const e = await decodeError(s.generate(hole("A", { kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "tokenLength", op: ">", n: 3 }] })));
    expect(e.code).toBe("E819");
    expect(e.message).toContain("len(TOKENS) > 3");
    expect(server!.requests).toHaveLength(0);
  });

  it("refuses to score options or run beam search, saying why", async () => {
    const s = await session(() => say("x"));
    s.appendText("Pick: ");
    const scored = await decodeError(s.scoreOptions(["a", "b"]));
    expect(scored.code).toBe("E816");
    expect(scored.message).toContain("log-probabilities");
    const beam = await session(() => say("x"), {}, { ...ARGMAX, decoder: "beam", n: 2 });
    const e = await decodeError(beam.generate(hole("A", { kind: "true" })));
    expect(e.code).toBe("E816");
    expect(e.message).toContain("beam");
  });
});
