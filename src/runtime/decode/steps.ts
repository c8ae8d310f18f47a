/**
 * The deterministic part of a decoding step, shared by every decoder: end the hole when the
 * constraint or the token limit says so, fast-forward forced bytes, else say what may be chosen.
 */
import { contextExceeded } from "./decode-error.js";
import { applyForced, type HoleContext, type Path } from "./path.js";

export interface Choice {
  readonly allowed: Uint32Array;
  /** Allowed tokens, not counting end-of-sequence. */
  readonly count: number;
  /** End-of-sequence ids allowed at this step (empty unless the value may end here). */
  readonly eos: readonly number[];
}

const NO_EOS: readonly number[] = [];

/** Advances the path through everything that needs no choice; undefined when the hole is over. */
export function nextChoice(path: Path, ctx: HoleContext): Choice | undefined {
  for (;;) {
    if (path.finish !== undefined) return undefined;
    const mask = ctx.constraint.mask(path.state);
    if (mask.mustEnd) {
      path.finish = "constraint";
      return undefined;
    }
    if (path.tokens.length >= ctx.hole.maxTokens) {
      path.finish = "length";
      return undefined;
    }
    // The model's context is full: like a token limit where the value can end (LMQL's argmax stops
    // at max_len), an error where it cannot.
    const needed = path.session.tokens.length + path.pending.length;
    if (needed > ctx.model.contextLength) {
      if (!mask.canEnd) throw contextExceeded(ctx.hole.name, needed, ctx.model.contextLength);
      path.finish = "length";
      return undefined;
    }
    // Healing first re-spells the prompt's last token (end-of-sequence cannot do that).
    if (path.heal !== undefined) return { allowed: path.heal.allowed, count: path.heal.count, eos: NO_EOS };
    if (mask.forced !== undefined && mask.forced.length > 0 && applyForced(path, mask.forced, ctx)) continue;
    return { allowed: mask.allowed, count: mask.count, eos: mask.canEnd ? ctx.model.eosTokenIds : NO_EOS };
  }
}

export function isDeadEnd(choice: Choice): boolean {
  return choice.count === 0 && choice.eos.length === 0;
}
