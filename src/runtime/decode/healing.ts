/**
 * Token healing at the boundary between template text and a hole. A prompt ending in `"A: "` is
 * tokenized with a lone space token, but the model was trained on `" Paris"` as one token and rarely
 * sees a space token followed by a word. So when the prompt's last token could be extended, the
 * decoder backs up over it: the prompt is fed without it, and the first generated token must start
 * with its bytes (the rest of that token begins the value). Choosing the very same token is allowed
 * too, after which decoding continues normally.
 *
 * Healing applies only when at least one extension also fits the hole's constraint; it never
 * applies after a special token (bos, role markers) or to a prompt of one token.
 */
import type { Advance, CompiledConstraint, MaskState, Vocabulary } from "../../constraints/engine.js";
import type { HealStep } from "./path.js";

/** Tokens that extend a given token's bytes, per token id (a tokenizer-level fact, cached). */
export type ExtensionCache = Map<number, readonly number[]>;

export function planHealing(promptTokens: readonly number[], vocab: Vocabulary, constraint: CompiledConstraint, start: MaskState, cache: ExtensionCache): HealStep | undefined {
  if (promptTokens.length < 2) return undefined;
  const last = promptTokens[promptTokens.length - 1];
  if (vocab.isSpecial(last)) return undefined;
  const prefix = vocab.bytes(last);
  if (prefix.length === 0) return undefined;
  const allowed = new Uint32Array((vocab.size + 31) >>> 5);
  const advances = new Map<number, Advance | null>();
  let extended = false;
  for (const id of extensionsOf(last, prefix, vocab, cache)) {
    const rest = vocab.bytes(id).subarray(prefix.length);
    const advance = rest.length === 0 ? null : constraint.advanceBytes(start, rest, 1);
    if (advance === undefined) continue;
    if (advance !== null) extended = true;
    advances.set(id, advance);
    allowed[id >>> 5] |= 1 << (id & 31);
  }
  return extended ? { prefix, allowed, count: advances.size, advances } : undefined;
}

function extensionsOf(token: number, prefix: Uint8Array, vocab: Vocabulary, cache: ExtensionCache): readonly number[] {
  const known = cache.get(token);
  if (known !== undefined) return known;
  const found: number[] = [];
  for (let id = 0; id < vocab.size; id++) {
    if (vocab.isSpecial(id)) continue;
    const bytes = vocab.bytes(id);
    if (bytes.length < prefix.length) continue;
    let match = true;
    for (let i = 0; i < prefix.length && match; i++) match = bytes[i] === prefix[i];
    if (match) found.push(id);
  }
  cache.set(token, found);
  return found;
}
