/**
 * A hole that fills the model's context ends there when its value can end (finish "length", as
 * LMQL's argmax stops at max_len); where the constraint cannot end yet, it is E811.
 */
import { describe, expect, it } from "vitest";
import { compileConstraint } from "../../src/constraints/compile.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import { DecodeError } from "../../src/runtime/decode/decode-error.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

const REPLY = " and so on and so on and so on and so on and so on and so on and so on";

async function fill(spec: ConstraintSpec, contextLength: number) {
  const model = scriptedModel(() => REPLY, { contextLength });
  const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
  const session = await openPromptSession(model, { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 100 }, vocab);
  session.appendText("Goodbye");
  return session.generate({ name: "WHO", constraint: compileConstraint(spec, vocab), maxTokens: 100 });
}

describe("the model's context length", () => {
  it("ends an unconstrained hole with finish 'length' and the text that fit", async () => {
    const r = await fill({ kind: "true" }, 12);
    expect(r.finish).toBe("length");
    expect(r.tokens.length).toBeGreaterThan(5);
    expect(REPLY.startsWith(r.value)).toBe(true);
  });

  it("is E811 where the value cannot end yet", async () => {
    const e = await fill({ kind: "endsWith", suffix: "!" }, 12).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).code).toBe("E811");
    expect((e as DecodeError).message).toMatch(/WHO/);
  });
});

describe("the re-check of finished values", () => {
  it("refuses a value the string semantics reject, with a located E813 naming the hole", async () => {
    const model = scriptedModel(() => " yes");
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const real = compileConstraint({ kind: "choice", options: [" yes", " no"] }, vocab);
    // An engine defect stands in: the automata accept " yes", the re-check does not.
    const broken = Object.assign(Object.create(real) as typeof real, { verify: () => ({ ok: false, reason: "stand-in defect" }) });
    const session = await openPromptSession(model, { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 10 }, vocab);
    session.appendText("Q:");
    const e = await session.generate({ name: "ANSWER", constraint: broken, maxTokens: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).code).toBe("E813");
    expect((e as DecodeError).message, (e as DecodeError).message).toContain("stand-in defect");
    expect((e as DecodeError).message).toContain("hole ANSWER");
  });
});
