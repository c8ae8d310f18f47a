/**
 * A KV-cache session over a transformers.js causal LM: each `feed` runs only the new tokens through
 * the model, reusing the cache of everything consumed before. Cache tensors are never mutated
 * (each pass makes new ones), so `fork()` can share them and `truncate()` can slice them.
 */
import { Tensor } from "@huggingface/transformers";
import type { ModelSession } from "./model.js";
import { logSoftmaxAt } from "./log-softmax.js";
import { scoreBatch } from "./batch-score.js";
import { feedBatch } from "./batch-feed.js";

/** The part of a transformers.js model this session drives. */
export interface ForwardModel {
  forward(inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
}

export interface SessionStats {
  forwardPasses: number;
  tokensFed: number;
}

/** `past_key_values.{i}.key|value` → tensor [batch, heads, past, head_dim]. */
type Cache = Readonly<Record<string, Tensor>>;

export interface ForwardOutput {
  /** Row-major [tokens, vocab] logits of this pass, float32. */
  readonly logits: Float32Array;
  readonly rows: number;
}

export class KvCacheSession implements ModelSession {
  readonly #model: ForwardModel;
  readonly #vocabSize: number;
  readonly #contextLength: number;
  #tokens: number[];
  #cache: Cache | null;
  #busy = false;
  readonly stats: SessionStats;

  constructor(model: ForwardModel, vocabSize: number, contextLength: number, tokens: number[] = [], cache: Cache | null = null, stats: SessionStats = { forwardPasses: 0, tokensFed: 0 }) {
    this.#model = model;
    this.#vocabSize = vocabSize;
    this.#contextLength = contextLength;
    this.#tokens = tokens;
    this.#cache = cache;
    this.stats = stats;
  }

  get tokens(): readonly number[] {
    return this.#tokens;
  }

  async feed(tokens: readonly number[]): Promise<Float32Array> {
    if (tokens.length === 0) throw new Error("feed() needs at least one token");
    const out = await this.#run(tokens);
    const v = this.#vocabSize;
    return out.logits.subarray((out.rows - 1) * v, out.rows * v);
  }

  async feedScored(tokens: readonly number[]): Promise<{ readonly logits: Float32Array; readonly logprobs: Float64Array }> {
    if (tokens.length === 0) throw new Error("feedScored() needs at least one token");
    const out = await this.#run(tokens);
    const v = this.#vocabSize;
    const logprobs = new Float64Array(tokens.length - 1);
    for (let i = 0; i + 1 < tokens.length; i++) logprobs[i] = logSoftmaxAt(out.logits.subarray(i * v, (i + 1) * v), tokens[i + 1]);
    return { logits: out.logits.subarray((out.rows - 1) * v, out.rows * v), logprobs };
  }

  async score(tokens: readonly number[]): Promise<Float64Array> {
    if (this.#tokens.length === 0) throw new Error("score() needs at least one consumed token (e.g. the bos token)");
    if (tokens.length === 0) return new Float64Array(0);
    // The first token's distribution comes from the last consumed position: recompute that one
    // position together with the scored tokens, so one pass yields every logprob.
    const last = this.#tokens[this.#tokens.length - 1];
    this.truncate(this.#tokens.length - 1);
    const out = await this.#run([last, ...tokens]);
    const v = this.#vocabSize;
    const result = new Float64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      result[i] = logSoftmaxAt(out.logits.subarray(i * v, (i + 1) * v), tokens[i]);
    }
    return result;
  }

  /**
   * Feeds each session its tokens in one batched forward pass (beam search); the sessions must
   * come from one model. Returns each session's next-token logits.
   */
  static async feedMany(sessions: readonly KvCacheSession[], feeds: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const first = sessions[0];
    if (first === undefined) return [];
    if (new Set(sessions).size !== sessions.length) throw new Error("feedMany() got the same session twice");
    for (const [i, s] of sessions.entries()) {
      if (s.#model !== first.#model) throw new Error("feedMany() needs sessions of one model");
      if (s.#busy) throw new Error("a session runs one forward pass at a time; fork() for parallel use");
      if (feeds[i].length === 0) throw new Error("feedMany() needs at least one token per session");
      if (s.#tokens.length + feeds[i].length > s.#contextLength) throw new RangeError(`context length exceeded: ${s.#tokens.length + feeds[i].length} tokens > ${s.#contextLength}`);
    }
    for (const s of sessions) s.#busy = true;
    try {
      const results = await feedBatch(first.#model, first.#vocabSize, sessions.map((s, i) => ({ past: s.#tokens.length, cache: s.#cache, feed: feeds[i] })));
      sessions.forEach((s, i) => {
        s.#cache = results[i].cache;
        for (const t of feeds[i]) s.#tokens.push(t);
      });
      for (const stats of new Set(sessions.map((s) => s.stats))) {
        stats.forwardPasses += 1;
        stats.tokensFed += feeds.reduce((n, f) => n + f.length, 0);
      }
      return results.map((r) => r.logits);
    } finally {
      for (const s of sessions) s.#busy = false;
    }
  }

  /** All continuations in one batched pass; this session is left unchanged. */
  async scoreMany(continuations: readonly (readonly number[])[]): Promise<Float64Array[]> {
    const past = this.#tokens.length - 1;
    if (past < 0) throw new Error("scoreMany() needs at least one consumed token (e.g. the bos token)");
    if (continuations.length === 0) return [];
    const longest = Math.max(...continuations.map((c) => c.length));
    if (past + 1 + longest > this.#contextLength) throw new RangeError(`context length exceeded: ${past + 1 + longest} tokens > ${this.#contextLength}`);
    const cache = past === 0 || this.#cache === null ? null : Object.fromEntries(Object.entries(this.#cache).map(([n, t]) => [n, sliceSequence(t, past)]));
    const scores = await scoreBatch({ model: this.#model, vocabSize: this.#vocabSize, cache, past, last: this.#tokens[past], continuations });
    this.stats.forwardPasses += 1;
    this.stats.tokensFed += continuations.length * (1 + longest);
    return scores;
  }

  truncate(length: number): void {
    if (length < 0 || length > this.#tokens.length) {
      throw new RangeError(`truncate(${length}) outside 0..${this.#tokens.length}`);
    }
    if (length === this.#tokens.length) return;
    this.#tokens = this.#tokens.slice(0, length);
    if (length === 0 || this.#cache === null) {
      this.#cache = null;
      return;
    }
    const cut: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(this.#cache)) {
      cut[name] = sliceSequence(tensor, length);
    }
    this.#cache = cut;
  }

  fork(): KvCacheSession {
    return new KvCacheSession(this.#model, this.#vocabSize, this.#contextLength, [...this.#tokens], this.#cache, this.stats);
  }

  async #run(tokens: readonly number[]): Promise<ForwardOutput> {
    if (this.#busy) throw new Error("a session runs one forward pass at a time; fork() for parallel use");
    const past = this.#tokens.length;
    const total = past + tokens.length;
    if (total > this.#contextLength) {
      throw new RangeError(`context length exceeded: ${total} tokens > ${this.#contextLength}`);
    }
    this.#busy = true;
    try {
      const outputs = await this.#model.forward({
        input_ids: int64Tensor(tokens, (i) => tokens[i]),
        attention_mask: int64Tensor({ length: total }, () => 1),
        position_ids: int64Tensor(tokens, (i) => past + i),
        past_key_values: this.#cache,
      });
      this.stats.forwardPasses += 1;
      this.stats.tokensFed += tokens.length;
      this.#cache = presentToPast(outputs);
      for (const t of tokens) this.#tokens.push(t);
      const logits = outputs.logits;
      const data = logits.type === "float32" ? (logits.data as Float32Array) : (logits.to("float32").data as Float32Array);
      return { logits: data, rows: tokens.length };
    } finally {
      this.#busy = false;
    }
  }
}

function int64Tensor(shape: { readonly length: number }, value: (i: number) => number): Tensor {
  const data = new BigInt64Array(shape.length);
  for (let i = 0; i < shape.length; i++) data[i] = BigInt(value(i));
  return new Tensor("int64", data, [1, shape.length]);
}

/** transformers.js names the outputs `present.*`; the next pass wants them as `past_key_values.*`. */
function presentToPast(outputs: Record<string, Tensor>): Cache {
  const cache: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name.startsWith("present")) cache[name.replace("present", "past_key_values")] = tensor;
  }
  return cache;
}

/** Keep the first `length` positions along the sequence axis (dim -2). */
function sliceSequence(tensor: Tensor, length: number): Tensor {
  const slices: (number[] | null)[] = tensor.dims.map(() => null);
  slices[slices.length - 2] = [0, length];
  return tensor.slice(...slices);
}
