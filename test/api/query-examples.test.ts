import { describe, expect, it } from "vitest";
import { main as typedResults } from "../../examples/typed-results.js";
import { main as streaming } from "../../examples/streaming.js";

describe("examples/*.ts run", () => {
  it("typed-results uses its typed variables", async () => {
    const line = await typedResults("local:micro-lm");
    expect(line).toMatch(/^.*: (soup|salad|stew) for -?\d+$/s);
  });

  it("streaming: the text and rewrite events rebuild the final prompt", async () => {
    let shown = "";
    const { streamed, prompt } = await streaming("the sea", "local:micro-lm", (s) => (shown += s));
    expect(prompt.startsWith("A short poem about the sea:\n")).toBe(true);
    expect(streamed).toBe(prompt);
    expect(shown.length).toBeGreaterThan(0);
  });
});
