/**
 * argmax and sample: one path, one token per step. Text is streamed as soon as it is decided
 * (UTF-8 bytes are held back until a character is complete).
 */
import { logSumExp } from "../../models/log-softmax.js";
import { allMasked } from "./decode-error.js";
import { applyToken, logitsOf, type HoleContext, type Path } from "./path.js";
import { isDeadEnd, nextChoice } from "./steps.js";

/** Picks a token from the logits among the allowed ones (and the allowed end ids); -1 if none. */
export type Picker = (logits: Float32Array, allowed: Uint32Array, eos: readonly number[]) => number;

export async function decodeSinglePath(path: Path, ctx: HoleContext, pick: Picker, onText?: (text: string) => void): Promise<void> {
  const stream = onText === undefined ? undefined : new TextDecoder("utf-8");
  let streamed = 0;
  for (;;) {
    const choice = nextChoice(path, ctx);
    if (stream !== undefined && path.bytes.length > streamed) {
      emit(onText!, stream.decode(path.bytes.view().subarray(streamed), { stream: true }));
      streamed = path.bytes.length;
    }
    if (choice === undefined) break;
    if (isDeadEnd(choice)) throw allMasked(ctx.hole.name, ctx.constraint.value(path.state), ctx.hole.constraintText);
    const logits = await logitsOf(path, ctx);
    const token = pick(logits, choice.allowed, choice.eos);
    if (token < 0) throw allMasked(ctx.hole.name, ctx.constraint.value(path.state), ctx.hole.constraintText);
    applyToken(path, token, logits[token] - logSumExp(logits), ctx);
  }
  if (stream !== undefined) emit(onText!, stream.decode());
}

function emit(onText: (text: string) => void, text: string): void {
  if (text !== "") onText(text);
}
