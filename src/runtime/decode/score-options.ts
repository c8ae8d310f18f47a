/**
 * The distribution clause: each option is scored as a continuation of the prompt by its mean token
 * log-probability, then the means are softmaxed over the options (LMQL's semantics). The prompt is
 * fed once up to the prefix all options share; the options are then scored together in one
 * batched pass (or one pass each on a fork, for backends without batching).
 */
import type { LogitsModel, ModelSession } from "../../models/model.js";
import { DecodeError, contextExceeded } from "./decode-error.js";
import type { PromptText } from "./prompt-text.js";
import type { OptionScore } from "./types.js";

export async function scoreContinuations(session: ModelSession, prompt: PromptText, options: readonly string[], model: LogitsModel): Promise<OptionScore[]> {
  if (options.length === 0) return [];
  const base = prompt.tokens();
  // Joint tokenization: an option may merge with the prompt's last token, so each option's
  // tokens are those of prompt + option after the prefix it shares with the prompt alone.
  const full = options.map((o) => prompt.tokensWith(o));
  const own = full.map((tokens) => prefixLength(base, tokens));
  const shared = Math.min(...own);
  if (shared === 0) throw new DecodeError("E812", undefined, "cannot score the distribution: the prompt is empty and the model has no bos token", "put some prompt text before the distribution variable");
  const longest = Math.max(...full.map((t) => t.length));
  if (longest > model.contextLength) throw contextExceeded(undefined, longest, model.contextLength);
  const keep = prefixLength(session.tokens, base.slice(0, shared));
  session.truncate(keep);
  if (keep < shared) await session.feed(base.slice(keep, shared));
  const all = await scoreAll(session, full.map((tokens) => tokens.slice(shared)));
  const means = all.map((logprobs, i) => {
    // Tokens between the shared prefix and this option's own boundary belong to the prompt.
    const mine = logprobs.subarray(own[i] - shared);
    return mine.length === 0 ? 0 : mine.reduce((a, b) => a + b, 0) / mine.length;
  });
  const max = Math.max(...means);
  const weights = means.map((m) => Math.exp(m - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return options.map((option, i) => ({ option, logprob: means[i], probability: weights[i] / total }));
}

/** One batched pass where the backend has it, else one pass per option on a fork. */
async function scoreAll(session: ModelSession, continuations: readonly number[][]): Promise<Float64Array[]> {
  if (session.scoreMany !== undefined) return session.scoreMany(continuations);
  const out: Float64Array[] = [];
  for (const c of continuations) out.push(await session.fork().score(c));
  return out;
}

function prefixLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
