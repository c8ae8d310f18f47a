/**
 * Feeding several sessions of one model in a single batched forward pass (beam search). Each row
 * keeps its own cache and positions: caches are left-aligned and padded to the longest, the pads
 * masked out of attention, positions given explicitly; afterwards each row's cache is cut back
 * out of the batched `present` tensors, without its padding.
 */
import { Tensor } from "@huggingface/transformers";

export type Cache = Readonly<Record<string, Tensor>>;

export interface BatchRow {
  /** Positions already in `cache`. */
  readonly past: number;
  readonly cache: Cache | null;
  readonly feed: readonly number[];
}

export interface BatchResult {
  /** Next-token logits after each row's last fed token. */
  readonly logits: Float32Array;
  readonly cache: Cache;
}

interface Forward {
  forward(inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
}

export async function feedBatch(model: Forward, vocabSize: number, rows: readonly BatchRow[]): Promise<BatchResult[]> {
  const batch = rows.length;
  const past = Math.max(...rows.map((r) => r.past));
  const width = Math.max(...rows.map((r) => r.feed.length));
  const ids = new BigInt64Array(batch * width);
  const positions = new BigInt64Array(batch * width);
  const mask = new BigInt64Array(batch * (past + width));
  rows.forEach((r, b) => {
    for (let j = 0; j < width; j++) {
      ids[b * width + j] = BigInt(j < r.feed.length ? r.feed[j] : 0);
      positions[b * width + j] = BigInt(r.past + j);
    }
    for (let j = 0; j < r.past; j++) mask[b * (past + width) + j] = 1n;
    for (let j = 0; j < r.feed.length; j++) mask[b * (past + width) + past + j] = 1n;
  });
  const outputs = await model.forward({
    input_ids: new Tensor("int64", ids, [batch, width]),
    attention_mask: new Tensor("int64", mask, [batch, past + width]),
    position_ids: new Tensor("int64", positions, [batch, width]),
    past_key_values: past === 0 ? null : padCaches(rows, past),
  });
  const logits = outputs.logits.type === "float32" ? (outputs.logits.data as Float32Array) : (outputs.logits.to("float32").data as Float32Array);
  return rows.map((r, b) => {
    const at = (b * width + r.feed.length - 1) * vocabSize;
    const cache: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      if (name.startsWith("present")) cache[name.replace("present", "past_key_values")] = unpadRow(tensor, b, r.past, past, r.feed.length);
    }
    return { logits: logits.slice(at, at + vocabSize), cache };
  });
}

/** [1, heads, p_b, dim] per row → [batch, heads, past, dim], zeros after each row's own positions. */
function padCaches(rows: readonly BatchRow[], past: number): Record<string, Tensor> {
  const names = Object.keys(rows.find((r) => r.cache !== null)!.cache!);
  const out: Record<string, Tensor> = {};
  for (const name of names) {
    const sample = rows.find((r) => r.cache !== null)!.cache![name];
    const [, heads, , dim] = sample.dims as [number, number, number, number];
    const data = allocLike(sample.data, rows.length * heads * past * dim);
    rows.forEach((r, b) => {
      if (r.cache === null || r.past === 0) return;
      const src = r.cache[name].data as Float32Array;
      // (Typed arrays of any element type share these methods; Float32Array stands for them.)
      for (let h = 0; h < heads; h++) {
        data.set(src.subarray(h * r.past * dim, (h + 1) * r.past * dim), ((b * heads + h) * past) * dim);
      }
    });
    out[name] = new Tensor(sample.type, data, [rows.length, heads, past, dim]);
  }
  return out;
}

/** Row b of [batch, heads, past + width, dim]: its own cache [0, p_b) then its fed positions. */
function unpadRow(tensor: Tensor, b: number, own: number, past: number, fed: number): Tensor {
  const [batchSize, heads, total, dim] = tensor.dims as [number, number, number, number];
  if (batchSize === 1 && own === past && fed === total - past) return tensor;
  const src = tensor.data as Float32Array;
  const length = own + fed;
  const data = allocLike(src, heads * length * dim);
  for (let h = 0; h < heads; h++) {
    const base = (b * heads + h) * total * dim;
    data.set(src.subarray(base, base + own * dim), h * length * dim);
    data.set(src.subarray(base + past * dim, base + (past + fed) * dim), (h * length + own) * dim);
  }
  return new Tensor(tensor.type, data, [1, heads, length, dim]);
}

/** A zeroed typed array of the same element type (fp32 or fp16 caches). */
function allocLike(like: unknown, length: number): Float32Array {
  const ctor = (like as { constructor: new (n: number) => Float32Array }).constructor;
  return new ctor(length);
}
