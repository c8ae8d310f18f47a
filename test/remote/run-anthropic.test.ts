/**
 * `run()` of whole queries on `anthropic:` / `anthropic/` ids, the real SDK talking to a fake server
 * on 127.0.0.1 (ANTHROPIC_BASE_URL), with the values checked and repaired per hole.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../src/api/run.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { QueryAbortedError } from "../../src/api/abort.js";
import { openAnthropic } from "../../src/models/anthropic.js";
import type { RunEvent } from "../../src/runtime/run-events.js";
import { documentOf, FakeAnthropic, type FakeReply, type WireRequest } from "./fake-anthropic.js";

let server: FakeAnthropic | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

async function serve(respond: (req: WireRequest, i: number) => FakeReply): Promise<FakeAnthropic> {
  server = await new FakeAnthropic(respond).start();
  vi.stubEnv("ANTHROPIC_API_KEY", "test-key");
  vi.stubEnv("ANTHROPIC_BASE_URL", server.url);
  return server;
}

async function failure(query: string): Promise<LmqlError> {
  try {
    await run(query);
  } catch (e) {
    if (e instanceof LmqlError) return e;
    throw e;
  }
  throw new Error("expected the run to fail");
}

const say = (text: string): FakeReply => ({ kind: "text", text });

const QUIZ = `argmax
    "Q: Name a primary colour.\\nA: [COLOUR]\\n"
    "Legs of a spider: [LEGS]\\n"
    "Is that many? [YESNO]\\n"
    "Summary: [SUMMARY]"
from "anthropic:claude-sonnet-4-5"
where STOPS_AT(COLOUR, ".") and INT(LEGS) and YESNO in ["yes", "no"] and len(TOKENS(SUMMARY)) < 6`;

/** A scripted "model" reading the prefill: what it writes at each line, wrong on the first try where noted. */
function quizModel(): (req: WireRequest) => FakeReply {
  let asked = 0;
  return (req) => {
    const line = documentOf(req).prefill;
    if (line.endsWith("A:")) return say(" Red. Blue is one too.\nLegs of a spider: 8");
    if (line.endsWith("spider:")) return say(" 8 legs, of course");
    if (line.endsWith("many?")) return say(asked++ === 0 ? " Yes, quite" : " yes");
    if (line.endsWith("Summary:")) return say(" spiders have eight legs and many eyes");
    return say("?");
  };
}

describe("run() on an Anthropic model (fake server)", () => {
  it("runs a multi-hole query: stops sent, values checked, repaired and cut to their limits", async () => {
    const fake = await serve(quizModel());
    const events: RunEvent[] = [];
    const result = await run(QUIZ, { onEvent: (e) => events.push(e) });
    const vars = result.results[0]!.variables;
    expect(vars).toEqual({ COLOUR: "Red.", LEGS: "8", YESNO: "yes", SUMMARY: "spiders have eight " });
    expect(result.results[0]!.prompt).toBe("Q: Name a primary colour.\nA: Red.\nLegs of a spider: 8\nIs that many? yes\nSummary: spiders have eight ");
    expect(result.model).toBe("anthropic:claude-sonnet-4-5");
    const bodies = fake.requests.map((r) => r.body);
    expect(bodies.map((b) => b.model)).toEqual(Array(5).fill("claude-sonnet-4-5"));
    expect(bodies[0]!.stop_sequences).toEqual(["."]);
    // len(TOKENS(SUMMARY)) < 6 is the call's token budget.
    expect(bodies[4]!.max_tokens).toBe(5);
    // YESNO: "Yes" is refused at its first letter, so the same line is asked again.
    expect(documentOf(bodies[3]!).prefill).toBe("Is that many?");
    expect(result.stats.remote).toMatchObject({ calls: 5, repairs: 1 });
    expect(result.stats.remote!.outputTokens).toBeGreaterThan(0);
    const streamed = events.flatMap((e) => (e.type === "text" && e.generated ? [e.text] : [])).join("");
    expect(streamed).toBe("Red.8yesspiders have eight ");
  });

  it("stops a value before the template text after it, so none of it leaks", async () => {
    const fake = await serve((req) => say(documentOf(req).prefill === "Answer:" ? " yes\nQuestion: why" : " the sky is blue\nAnswer: yes\nQuestion: why"));
    const result = await run(`"Question: [Q]\\nAnswer: [A]"\nfrom "anthropic/claude-sonnet-4-5"\nwhere A in ["yes", "no"]`);
    expect(fake.requests[0]!.body.stop_sequences).toEqual(["\nAnswer:"]);
    expect(result.results[0]!.variables).toEqual({ Q: "the sky is blue", A: "yes" });
  });

  it("takes an opened model, here without a prefill: the whole prompt is the user turn", async () => {
    const fake = await serve(() => say("Blue."));
    const model = openAnthropic("anthropic:claude-sonnet-4-5", { apiKey: "k", baseURL: fake.url, prefill: false });
    const result = await run(`"Colour: [C]" where STOPS_AT(C, ".")`, { model });
    expect(result.results[0]!.variables).toEqual({ C: "Blue." });
    const body = fake.requests[0]!.body;
    expect(body.messages.map((m) => m.role)).toEqual(["user"]);
    expect(documentOf(body).user).toBe("Colour: ");
  });

  it("honours lmql.model(..., api_key=, endpoint=) in the query", async () => {
    const fake = await serve(() => say(" hello"));
    vi.stubEnv("ANTHROPIC_API_KEY", "");
    vi.stubEnv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/unused");
    const result = await run(`"Say: [A]"\nfrom lmql.model("anthropic/claude-sonnet-4-5", api_key="query-key", endpoint="${fake.url}")`);
    expect(result.results[0]!.variables).toEqual({ A: "hello" });
    // This SDK version sends the key as a bearer token (older ones as x-api-key).
    const headers = fake.requests[0]!.headers;
    expect(headers["x-api-key"] ?? headers.authorization).toMatch(/^(Bearer )?query-key$/);
  });

  it("reports repairs that run out as an error located at the hole", async () => {
    await serve(() => say(" maybe"));
    const src = `"Is it? [A]"\nfrom "anthropic:claude-sonnet-4-5"\nwhere A in ["yes", "no"]`;
    const e = await failure(src);
    const d = e.diagnostics[0]!;
    expect(d.code).toBe("E815");
    expect(src.slice(d.span.start, d.span.end)).toBe("[A]");
    expect(d.message).toContain('in ["yes", "no"]');
  });

  it("fails with one line before any request when the API key is missing", async () => {
    const fake = await serve(() => say("x"));
    vi.stubEnv("ANTHROPIC_API_KEY", "");
    const src = `"Hi [A]"\nfrom "anthropic:claude-sonnet-4-5"`;
    const e = await failure(src);
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]!.code).toBe("E818");
    expect(e.diagnostics[0]!.message).toContain("ANTHROPIC_API_KEY");
    expect(e.diagnostics[0]!.message.includes("\n")).toBe(false);
    expect(src.slice(e.diagnostics[0]!.span.start, e.diagnostics[0]!.span.end)).toBe('"anthropic:claude-sonnet-4-5"');
    expect(fake.requests).toHaveLength(0);
  });

  it("says that a distribution clause needs log-probabilities", async () => {
    await serve(() => say("x"));
    const e = await failure(`"Review: great\\nSentiment: [S]"\nfrom "anthropic:claude-sonnet-4-5"\ndistribution S in ["positive", "negative"]`);
    expect(e.diagnostics[0]!.code).toBe("E816");
    expect(e.diagnostics[0]!.message).toContain("log-probabilities");
  });

  it("says that beam search needs log-probabilities, located at the first hole", async () => {
    await serve(() => say("x"));
    const src = `beam(n=2)\n    "Q: [A]"\nfrom "anthropic:claude-sonnet-4-5"`;
    const e = await failure(src);
    expect(e.diagnostics[0]!.code).toBe("E816");
    expect(src.slice(e.diagnostics[0]!.span.start, e.diagnostics[0]!.span.end)).toBe("[A]");
  });

  it("runs sample(n=2) as two independent runs of the program", async () => {
    const fake = await serve((_req, i) => say(i === 0 ? " red." : " blue."));
    const { results } = await run(`sample(n=2)\n    "Colour:[C]" where STOPS_AT(C, ".")\nfrom "anthropic:claude-sonnet-4-5"`);
    expect(results.map((r) => r.variables.C)).toEqual([" red.", " blue."]);
    expect(fake.requests).toHaveLength(2);
  });

  it("stops a request under way when the run's signal aborts, keeping the prompt so far", async () => {
    await serve((_req, i) => (i === 0 ? say(" red.") : { kind: "text", text: " slow", delayMs: 5000 }));
    const controller = new AbortController();
    const pending = run(`"A:[A]\\nB:[B]" where STOPS_AT(A, ".")\nfrom "anthropic:claude-sonnet-4-5"`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const e = await pending.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(QueryAbortedError);
    expect((e as QueryAbortedError).prompt).toBe("A: red.\nB:");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
