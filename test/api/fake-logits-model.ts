/**
 * A LogitsModel whose next-token distribution is a table the test writes: given the text consumed
 * so far, `table(text)` names token strings and their logits; every other token gets -50. It uses
 * the bundled tiny-lm tokenizer, so masks and prompt tokenization run the real code. It counts the
 * tokens fed, to check what the KV cache saved.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PreTrainedTokenizer } from "@huggingface/transformers";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import type { LogitsModel, ModelSession } from "../../src/models/model.js";
import { bundledModelsFolder } from "../../src/models/resolve-model.js";

export type Table = (text: string) => Readonly<Partial<Record<string, number>>>;

const FLOOR = -50;
/** The key naming end-of-sequence in a table row. */
export const EOS = "<eos>";

export interface FakeLogitsModel extends LogitsModel {
  readonly fed: { tokens: number; passes: number };
}

export function fakeLogitsModel(table: Table): FakeLogitsModel {
  const folder = join(bundledModelsFolder(), "tiny-lm");
  const tokenizerJson = JSON.parse(readFileSync(join(folder, "tokenizer.json"), "utf8")) as unknown;
  const config = JSON.parse(readFileSync(join(folder, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
  const tokenizer = new PreTrainedTokenizer(tokenizerJson as object, config);
  const vocab = vocabularyFromTokenizerJson(tokenizerJson);
  const eos = vocab.eosTokenIds[0]!;
  const byText = new Map<string, number>();
  for (let id = 0; id < vocab.size; id++) if (!vocab.isSpecial(id)) byText.set(new TextDecoder().decode(vocab.bytes(id)), id);
  const decoder = new TextDecoder();
  const logitsAfter = (tokens: readonly number[]): Float32Array => {
    const text = decoder.decode(concat(tokens.map((t) => vocab.bytes(t))));
    const out = new Float32Array(vocab.size).fill(FLOOR);
    for (const [piece, logit] of Object.entries(table(text))) {
      const id = piece === EOS ? eos : byText.get(piece);
      if (id === undefined) throw new Error(`fake model: ${JSON.stringify(piece)} is not one token`);
      out[id] = logit ?? FLOOR;
    }
    return out;
  };
  const fed = { tokens: 0, passes: 0 };
  const stats = { forwardPasses: 0, tokensFed: 0 };
  const session = (tokens: number[]): ModelSession => ({
    get tokens() {
      return tokens;
    },
    stats,
    async feed(more) {
      stats.forwardPasses++;
      stats.tokensFed += more.length;
      fed.passes++;
      fed.tokens += more.length;
      tokens = [...tokens, ...more];
      return logitsAfter(tokens);
    },
    async score(more) {
      stats.forwardPasses++;
      const out = new Float64Array(more.length);
      for (let i = 0; i < more.length; i++) {
        const l = logitsAfter(tokens);
        let max = -Infinity;
        for (const x of l) max = Math.max(max, x);
        let sum = 0;
        for (const x of l) sum += Math.exp(x - max);
        out[i] = l[more[i]!]! - max - Math.log(sum);
        tokens = [...tokens, more[i]!];
        fed.tokens++;
      }
      return out;
    },
    truncate(length) {
      tokens = tokens.slice(0, length);
    },
    fork() {
      return session([...tokens]);
    },
  });
  return {
    id: "fake-logits",
    capabilities: { logits: true, fork: true },
    vocabSize: vocab.size,
    eosTokenIds: vocab.eosTokenIds,
    bosTokenId: undefined,
    contextLength: 4096,
    tokenizerJson,
    fed,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false }),
    createSession: async () => session([]),
    dispose: async () => {},
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
