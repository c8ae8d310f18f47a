/**
 * Beam search over one hole's tokens with forked sessions. `decodeBeam` keeps the best path (a
 * hole decoded on its own); `decodeBeamAll` returns the `width` best finished values, best first,
 * for the program-level search of src/runtime/branching.ts. beam ranks by total log-probability;
 * best_k by mean token log-probability, which does not favour short values.
 */
import { logSumExp } from "../../models/log-softmax.js";
import { maskedTopN } from "./choose.js";
import { allMasked } from "./decode-error.js";
import { applyToken, clonePath, feedTogether, logitsOf, settleOwed, type HoleContext, type Path } from "./path.js";
import { nextChoice, type Choice } from "./steps.js";

export type BeamRanking = "total" | "mean";

/** Rewrites a path's next-token logits before the choice (repetition penalties); may return a copy. */
export type LogitsAdjust = (logits: Float32Array, path: Path) => Float32Array;

interface Candidate {
  readonly parent: Path;
  /** -1: the parent itself, already finished. */
  readonly token: number;
  readonly tokenLogprob: number;
  readonly score: number;
}

export async function decodeBeam(initial: Path, ctx: HoleContext, width: number, ranking: BeamRanking, adjust?: LogitsAdjust): Promise<Path> {
  return (await decodeBeamAll(initial, ctx, width, ranking, adjust))[0]!;
}

/** The `width` best finished paths (fewer when the constraint allows fewer values), best first. */
export async function decodeBeamAll(initial: Path, ctx: HoleContext, width: number, ranking: BeamRanking, adjust?: LogitsAdjust): Promise<Path[]> {
  let beams = [initial];
  const rank = (logprob: number, tokens: number): number => (ranking === "total" ? logprob : logprob / Math.max(1, tokens));
  for (;;) {
    const candidates: Candidate[] = [];
    const live: { readonly beam: Path; readonly choice: Choice }[] = [];
    for (const beam of beams) {
      const choice = nextChoice(beam, ctx);
      if (choice === undefined) {
        await settleOwed(beam, ctx);
        candidates.push({ parent: beam, token: -1, tokenLogprob: 0, score: rank(beam.logprob, beam.tokens.length) });
      } else {
        live.push({ beam, choice });
      }
    }
    await feedTogether(live.map((l) => l.beam), ctx);
    for (const { beam, choice } of live) {
      const raw = await logitsOf(beam, ctx);
      const logits = adjust === undefined ? raw : adjust(raw, beam);
      const lse = logSumExp(logits);
      for (const token of maskedTopN(logits, choice.allowed, choice.eos, width)) {
        const lp = logits[token] - lse;
        candidates.push({ parent: beam, token, tokenLogprob: lp, score: rank(beam.logprob + lp, beam.tokens.length + 1) });
      }
    }
    if (candidates.length === 0) throw allMasked(ctx.hole.name, ctx.constraint.value(initial.state), ctx.hole.constraintText);
    candidates.sort((a, b) => b.score - a.score);
    const kept = distinctTexts(candidates, width, ctx);
    if (kept.every((c) => c.token === -1)) return kept.map((c) => c.parent);
    beams = expand(kept, ctx);
  }
}

/**
 * The best `width` candidates whose texts differ: paths spelling the same text with other tokens
 * (" " + "b" and " b") would otherwise fill the beam with one value, leaving no room for the others.
 * A finished path and a live one with the same text count as one (the better is kept): the live
 * one's continuations are those the model would give the finished one's text.
 */
function distinctTexts(sorted: readonly Candidate[], width: number, ctx: HoleContext): Candidate[] {
  const kept: Candidate[] = [];
  const seen = new Set<string>();
  for (const c of sorted) {
    if (kept.length === width) break;
    const key = textKey(c, ctx);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(c);
  }
  return kept;
}

function textKey(c: Candidate, ctx: HoleContext): string {
  const before = latin1(c.parent.bytes.view());
  if (c.token === -1 || (ctx.model.eosTokenIds.includes(c.token) && c.parent.heal === undefined)) return before;
  const bytes = ctx.vocab.bytes(c.token);
  return before + latin1(c.parent.heal === undefined ? bytes : bytes.subarray(c.parent.heal.prefix.length));
}

function latin1(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Materializes the kept candidates; a parent with one surviving child is reused, not forked. */
function expand(kept: readonly Candidate[], ctx: HoleContext): Path[] {
  return kept.map((c) => {
    if (c.token === -1) return c.parent;
    const child = kept.filter((k) => k.parent === c.parent).length === 1 ? c.parent : clonePath(c.parent);
    applyToken(child, c.token, c.tokenLogprob, ctx);
    return child;
  });
}
