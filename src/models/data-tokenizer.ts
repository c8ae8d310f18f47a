/**
 * Tokenizing text as data. A transformers.js tokenizer matches the spelling of every added token
 * (`<|system|>`, `<|endoftext|>`) in the text it encodes and emits the special id, so prompt text,
 * inputs and generated values could forge control tokens. The encoder here is the same tokenizer
 * built without its special added tokens: their spellings are tokenized as ordinary text. Special
 * tokens enter a prompt only by id (role tags, bos).
 */
import type { PreTrainedTokenizer } from "@huggingface/transformers";

interface AddedTokenJson {
  readonly id: number;
  readonly special?: boolean;
}

/** The private parts of transformers.js 4.x's tokenizer this module relies on (checked at load). */
interface TokenizerInternals {
  readonly _tokenizer?: { constructor: new (json: object, config: object) => InnerTokenizer };
  readonly _tokenizerJSON?: { added_tokens?: readonly AddedTokenJson[] };
  readonly _tokenizerConfig?: object;
}

interface InnerTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
}

/** `encode(text)` for data: never yields a special token's id. */
export function dataEncoder(tokenizer: PreTrainedTokenizer): (text: string) => number[] {
  const internals = tokenizer as unknown as TokenizerInternals;
  const json = internals._tokenizerJSON;
  const added = json?.added_tokens ?? [];
  const special = new Set(added.filter((t) => t.special === true).map((t) => t.id));
  if (special.size === 0) return (text) => tokenizer.encode(text, { add_special_tokens: false });
  if (internals._tokenizer === undefined || json === undefined) {
    throw new Error("dataEncoder: this transformers.js version hides the tokenizer's parts");
  }
  const Inner = internals._tokenizer.constructor;
  const plain = new Inner({ ...json, added_tokens: added.filter((t) => !special.has(t.id)) }, internals._tokenizerConfig ?? {});
  return (text) => {
    const ids = plain.encode(text, { add_special_tokens: false }).ids;
    // The vocabulary may still map a special spelling by merges: refuse rather than forge.
    if (ids.some((id) => special.has(id))) throw new Error(`dataEncoder: text tokenized to a special token: ${JSON.stringify(text.slice(0, 40))}`);
    return ids;
  };
}
