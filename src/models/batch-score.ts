/**
 * Scoring several continuations of one prefix in a single batched forward pass (the distribution
 * clause). The prefix cache is repeated along the batch axis; continuations of different lengths
 * are right-padded and masked out, which cannot affect the real positions of a causal model.
 */
import { Tensor } from "@huggingface/transformers";
import type { ForwardModel } from "./kv-session.js";
import { logSoftmaxAt } from "./log-softmax.js";

export interface BatchInput {
  readonly model: ForwardModel;
  readonly vocabSize: number;
  /** Cache over the prefix minus its last token (null when that is empty). */
  readonly cache: Readonly<Record<string, Tensor>> | null;
  /** Positions in `cache`. */
  readonly past: number;
  /** The prefix's last token: its logits give each continuation's first token. */
  readonly last: number;
  readonly continuations: readonly (readonly number[])[];
}

export async function scoreBatch(input: BatchInput): Promise<Float64Array[]> {
  const { continuations, past } = input;
  const batch = continuations.length;
  const width = 1 + Math.max(...continuations.map((c) => c.length));
  const ids = new BigInt64Array(batch * width);
  const mask = new BigInt64Array(batch * (past + width));
  const positions = new BigInt64Array(batch * width);
  continuations.forEach((c, b) => {
    const row = [input.last, ...c];
    for (let j = 0; j < width; j++) {
      ids[b * width + j] = BigInt(j < row.length ? row[j] : 0);
      positions[b * width + j] = BigInt(past + j);
    }
    for (let j = 0; j < past + row.length; j++) mask[b * (past + width) + j] = 1n;
  });
  const outputs = await input.model.forward({
    input_ids: new Tensor("int64", ids, [batch, width]),
    attention_mask: new Tensor("int64", mask, [batch, past + width]),
    position_ids: new Tensor("int64", positions, [batch, width]),
    past_key_values: input.cache === null ? null : repeatBatch(input.cache, batch),
  });
  const logits = outputs.logits.type === "float32" ? (outputs.logits.data as Float32Array) : (outputs.logits.to("float32").data as Float32Array);
  const v = input.vocabSize;
  return continuations.map((c, b) => {
    const scores = new Float64Array(c.length);
    for (let j = 0; j < c.length; j++) {
      const at = (b * width + j) * v;
      scores[j] = logSoftmaxAt(logits.subarray(at, at + v), c[j]);
    }
    return scores;
  });
}

/** [1, heads, past, dim] → [batch, heads, past, dim], the same cache in every row. */
function repeatBatch(cache: Readonly<Record<string, Tensor>>, batch: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(cache)) {
    const data = tensor.data as Float32Array;
    const copy = new (data.constructor as Float32ArrayConstructor)(data.length * batch);
    for (let b = 0; b < batch; b++) copy.set(data, b * data.length);
    out[name] = new Tensor(tensor.type, copy, [batch, ...tensor.dims.slice(1)]);
  }
  return out;
}
