import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AutoModelForCausalLM, Tensor, env } from "@huggingface/transformers";
import { loadTransformersModel } from "../../src/models/transformers.js";
import { ModelLoadError } from "../../src/models/model-load-error.js";
import { bundledModelsFolder } from "../../src/models/resolve-model.js";
import type { LogitsModel, ModelSession } from "../../src/models/model.js";

const PROMPT = "Q: What is the capital of France?\nA:";

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

async function greedy(session: ModelSession, first: Float32Array, n: number): Promise<number[]> {
  const out: number[] = [];
  let logits = first;
  for (let i = 0; i < n; i++) {
    const next = argmax(logits);
    out.push(next);
    logits = await session.feed([next]);
  }
  return out;
}

describe("loadTransformersModel on micro-lm", () => {
  let model: LogitsModel;
  beforeAll(async () => {
    model = await loadTransformersModel("local:micro-lm");
  });

  it("reads the model's facts from its files", () => {
    expect(model.vocabSize).toBe(8192);
    expect(model.bosTokenId).toBe(0);
    expect([...model.eosTokenIds].sort()).toEqual([0, 4]);
    expect(model.contextLength).toBe(512);
    expect(model.chatTemplate).toContain("<|");
    expect(model.encode("Hello world")).toEqual([44, 656, 83, 1923]);
    expect(model.decode(model.encode(PROMPT))).toBe(PROMPT);
  });

  it("greedy decoding over the KV cache equals transformers.js generate()", async () => {
    const ids = [model.bosTokenId!, ...model.encode(PROMPT)];
    const session = await model.createSession();
    const first = await session.feed(ids);
    const ours = await greedy(session, first, 24);
    expect(session.stats.forwardPasses).toBe(25);
    expect(session.tokens.length).toBe(ids.length + 24);

    const reference = await AutoModelForCausalLM.from_pretrained(join(bundledModelsFolder(), "micro-lm"), { dtype: "fp32" });
    const input = new Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
    const generated = (await reference.generate({ inputs: input, max_new_tokens: 24, do_sample: false, eos_token_id: [] })) as Tensor;
    const theirs = (generated.tolist() as bigint[][])[0].slice(ids.length).map(Number);
    expect(ours).toEqual(theirs);
  });

  it("truncate rolls back exactly and fork shares the prefix", async () => {
    const ids = [model.bosTokenId!, ...model.encode(PROMPT)];
    const session = await model.createSession();
    const first = await session.feed(ids);
    const a = await greedy(session, first, 6);
    const fork = session.fork();
    session.truncate(ids.length + 2);
    expect(session.tokens).toEqual([...ids, ...a.slice(0, 2)]);
    const again = await session.feed([a[2]]);
    const b = await greedy(session, again, 3);
    expect(b).toEqual(a.slice(3, 6));
    // The fork kept the full sequence and continues from there, unaffected by the truncation.
    expect(fork.tokens.length).toBe(ids.length + 6);
    const cont = await fork.feed([a[5]]);
    const fresh = await model.createSession();
    const freshLogits = await fresh.feed([...ids, ...a, a[5]]);
    expect(argmax(cont)).toBe(argmax(freshLogits));
    for (let i = 0; i < 50; i++) expect(cont[i]).toBeCloseTo(freshLogits[i], 3);
  });

  it("score() returns the per-token logprobs of one pass, matching step-by-step feeding", async () => {
    const prefix = [model.bosTokenId!, ...model.encode("The cat")];
    const cont = model.encode(" sat on the mat");
    const s1 = await model.createSession();
    await s1.feed(prefix);
    const before = s1.stats.forwardPasses;
    const scores = await s1.score(cont);
    expect(s1.stats.forwardPasses - before).toBe(1);
    expect(s1.tokens).toEqual([...prefix, ...cont]);

    const s2 = await model.createSession();
    let logits = await s2.feed(prefix);
    for (let i = 0; i < cont.length; i++) {
      let max = -Infinity;
      for (const x of logits) max = Math.max(max, x);
      let sum = 0;
      for (const x of logits) sum += Math.exp(x - max);
      expect(scores[i]).toBeCloseTo(logits[cont[i]] - max - Math.log(sum), 3);
      expect(scores[i]).toBeLessThan(0);
      logits = await s2.feed([cont[i]]);
    }
  });

  it("scoreMany() scores continuations of different lengths in one batched pass, like score()", async () => {
    for (const prefix of [[model.bosTokenId!], [model.bosTokenId!, ...model.encode("The weather today")]]) {
      const conts = [model.encode(" is"), model.encode(" was sunny and warm"), model.encode(" looks like rain, said the old man")];
      const s = await model.createSession();
      await s.feed(prefix);
      const before = s.stats.forwardPasses;
      const batched = await s.scoreMany!(conts);
      expect(s.stats.forwardPasses - before).toBe(1);
      expect(s.tokens).toEqual(prefix);
      for (let i = 0; i < conts.length; i++) {
        const single = await s.fork().score(conts[i]);
        expect(batched[i].length).toBe(conts[i].length);
        for (let j = 0; j < single.length; j++) expect(batched[i][j]).toBeCloseTo(single[j], 3);
      }
    }
  });

  it("feedMany() feeds sessions of different lengths in one batched pass, like feed()", async () => {
    const base = await model.createSession();
    await base.feed([model.bosTokenId!, ...model.encode("It was a dark and stormy")]);
    const a = base.fork();
    const b = base.fork();
    b.truncate(3);
    const c = base.fork();
    await c.feed(model.encode(" night, and"));
    const fresh = await model.createSession();
    const sessions = [a, b, c, fresh];
    const feeds = [model.encode(" night"), model.encode(" rain fell"), model.encode(" the"), [model.bosTokenId!, ...model.encode("Hello")]];
    const expected: Float32Array[] = [];
    for (const [i, s] of sessions.entries()) expected.push(await s.fork().feed(feeds[i]));
    const before = base.stats.forwardPasses;
    const batched = await model.feedMany!(sessions, feeds);
    expect(base.stats.forwardPasses - before).toBe(1);
    for (const [i, s] of sessions.entries()) {
      for (let j = 0; j < 200; j++) expect(batched[i][j]).toBeCloseTo(expected[i][j], 3);
      // Each session continues from its own, unpadded cache.
      const next = await s.feed([5]);
      const check = await model.createSession();
      const ref = await check.feed([...s.tokens]);
      for (let j = 0; j < 200; j++) expect(next[j]).toBeCloseTo(ref[j], 3);
    }
  });

  it("loads from a folder path too", async () => {
    const byPath = await loadTransformersModel(join(bundledModelsFolder(), "micro-lm"));
    expect(byPath.vocabSize).toBe(8192);
  });
});

describe("model load errors", () => {
  it("a missing folder is a ModelLoadError with a hint", async () => {
    const missing = join(tmpdir(), "lmql-ts-no-such-model");
    const err = await loadTransformersModel(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).code).toBe("E801");
    expect((err as ModelLoadError).message).toContain(missing);
    expect((err as ModelLoadError).hint.length).toBeGreaterThan(10);
  });

  it("a folder without weights names the missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lmql-ts-model-"));
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) writeFileSync(join(dir, f), "{}");
    const err = await loadTransformersModel(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).code).toBe("E802");
    expect((err as ModelLoadError).message).toContain("onnx/model.onnx");
  });

  it("micro-lm has no q8 weights: asking for them is a clear error", async () => {
    const err = await loadTransformersModel("micro-lm", { dtype: "q8" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).message).toContain("model_quantized.onnx");
    expect((err as ModelLoadError).hint).toContain("fp32");
  });

  it("a hub id that cannot be fetched names the model and says the hub is unreachable", async () => {
    // A closed local port stands in for the hub: no test touches the internet.
    const saved = env.remoteHost;
    env.remoteHost = "http://127.0.0.1:9/";
    try {
      const err = await loadTransformersModel("some-org/some-model").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelLoadError);
      expect((err as ModelLoadError).code).toBe("E803");
      expect((err as ModelLoadError).message).toContain("some-org/some-model");
      expect((err as ModelLoadError).message).toContain("unreachable");
    } finally {
      env.remoteHost = saved;
    }
  });

  it("reports loading progress", async () => {
    const seen: string[] = [];
    await loadTransformersModel("micro-lm", { onProgress: (info) => seen.push(info.status) });
    expect(seen).toContain("initiate");
    expect(seen).toContain("done");
  });

  it("an unknown local: id is E801", async () => {
    const err = await loadTransformersModel("local:giant-lm").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).code).toBe("E801");
  });
});
