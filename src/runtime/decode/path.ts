/**
 * One decoding path through a hole: the model session, the constraint state and what was produced.
 * Tokens chosen are fed lazily (`pending`): a forward pass runs only when the next logits are
 * needed, so a hole that ends right after a token, or after forced tokens, costs no extra pass.
 */
import type { Advance, CompiledConstraint, MaskState, Vocabulary } from "../../constraints/engine.js";
import type { LogitsModel, ModelSession } from "../../models/model.js";
import { logSumExp } from "../../models/log-softmax.js";
import { ByteBuffer } from "./byte-buffer.js";
import { contextExceeded, valueViolates } from "./decode-error.js";
import type { FinishReason, HoleRequest } from "./types.js";

/** The first step after token healing: the prompt's last token, re-chosen with an extension. */
export interface HealStep {
  /** The bytes of the prompt token that was backed up over. */
  readonly prefix: Uint8Array;
  /** Tokens that start with `prefix` and whose remaining bytes the constraint accepts. */
  readonly allowed: Uint32Array;
  readonly count: number;
  /** Per allowed token: the constraint after its remaining bytes (null: no remaining bytes). */
  readonly advances: ReadonlyMap<number, Advance | null>;
}

export interface Path {
  session: ModelSession;
  pending: number[];
  /** Next-token logits, valid while `pending` is empty. */
  logits: Float32Array | undefined;
  state: MaskState;
  heal: HealStep | undefined;
  readonly tokens: number[];
  readonly bytes: ByteBuffer;
  logprob: number;
  /** Trailing pending tokens (forced ones) whose log-probability is added when they are fed. */
  owed: number;
  /** Tokens appended by fast-forward (included in `tokens`). */
  forced: number;
  finish: FinishReason | undefined;
}

export interface HoleContext {
  readonly hole: HoleRequest;
  readonly constraint: CompiledConstraint;
  readonly vocab: Vocabulary;
  readonly model: LogitsModel;
}

export function newPath(session: ModelSession, pending: number[], state: MaskState, heal: HealStep | undefined): Path {
  return { session, pending, logits: undefined, state, heal, tokens: [], bytes: new ByteBuffer(), logprob: 0, owed: 0, forced: 0, finish: undefined };
}

export function clonePath(path: Path): Path {
  return { ...path, session: path.session.fork(), pending: [...path.pending], tokens: [...path.tokens], bytes: path.bytes.copy() };
}

/** The next-token logits of a path, running one forward pass over its pending tokens if needed. */
export async function logitsOf(path: Path, ctx: HoleContext): Promise<Float32Array> {
  if (path.pending.length > 0) {
    const needed = path.session.tokens.length + path.pending.length;
    if (needed > ctx.model.contextLength) throw contextExceeded(ctx.hole.name, needed, ctx.model.contextLength);
    const feedScored = path.session.feedScored?.bind(path.session);
    if (path.owed > 0 && feedScored !== undefined) {
      const { logits, logprobs } = await feedScored(path.pending);
      for (let i = logprobs.length - path.owed; i < logprobs.length; i++) path.logprob += logprobs[i];
      path.logits = logits;
    } else {
      path.logits = await path.session.feed(path.pending);
    }
    path.pending = [];
    path.owed = 0;
  }
  if (path.logits === undefined) throw new Error("a path without pending tokens must hold logits");
  return path.logits;
}

/**
 * Runs the pending tokens of several paths in one batched forward pass where the model can (beam
 * search); paths still owed forced-token logprobs keep their own pass (`logitsOf`).
 */
export async function feedTogether(paths: readonly Path[], ctx: HoleContext): Promise<void> {
  const batch = paths.filter((p) => p.pending.length > 0 && p.owed === 0);
  if (batch.length < 2 || ctx.model.feedMany === undefined) return;
  for (const p of batch) {
    const needed = p.session.tokens.length + p.pending.length;
    if (needed > ctx.model.contextLength) throw contextExceeded(ctx.hole.name, needed, ctx.model.contextLength);
  }
  const logits = await ctx.model.feedMany(
    batch.map((p) => p.session),
    batch.map((p) => p.pending),
  );
  batch.forEach((p, i) => {
    p.logits = logits[i];
    p.pending = [];
  });
}

/** Feeds forced tokens still owed a log-probability (one pass), so finished paths compare exactly. */
export async function settleOwed(path: Path, ctx: HoleContext): Promise<void> {
  if (path.owed > 0 && path.pending.length > 0 && path.session.feedScored !== undefined) await logitsOf(path, ctx);
}

/**
 * Records a chosen token. With token healing, the first token re-spells the prompt's last token
 * (its `prefix`): only the bytes after that prefix belong to the value.
 */
export function applyToken(path: Path, token: number, logprob: number, ctx: HoleContext): void {
  if (ctx.model.eosTokenIds.includes(token) && path.heal === undefined) {
    path.finish = "eos";
    return;
  }
  let bytes = ctx.vocab.bytes(token);
  let advance: Advance | null | undefined;
  if (path.heal !== undefined) {
    advance = path.heal.advances.get(token);
    if (advance === undefined) throw new Error(`token ${token} is not a token-healing candidate`);
    bytes = bytes.subarray(path.heal.prefix.length);
    path.heal = undefined;
  } else {
    advance = ctx.constraint.advance(path.state, token);
    if (advance === undefined) throw new Error(`token ${token} was allowed by the mask but rejected by advance()`);
  }
  path.pending.push(token);
  path.logits = undefined;
  path.logprob += logprob;
  if (bytes.length > 0) {
    path.tokens.push(token);
  }
  if (advance === null) return;
  path.state = advance.state;
  endValueAt(path, bytes, advance);
}

/** Appends a token's value bytes; a token that overshoots the value's end ends the hole there. */
function endValueAt(path: Path, bytes: Uint8Array, advance: Advance): void {
  if (advance.valueEndsAfter === undefined) {
    path.bytes.push(bytes);
    return;
  }
  path.bytes.push(bytes.subarray(0, advance.valueEndsAfter));
  path.finish = "constraint";
}

/**
 * Fast-forward: tokenizes forced bytes as the model would and appends them without sampling.
 * Returns false when the bytes do not split into tokens the constraint accepts one by one
 * (e.g. half a UTF-8 character); the caller then lets the mask drive a normal step.
 */
export function applyForced(path: Path, forced: Uint8Array, ctx: HoleContext): boolean {
  const ids = forcedTokens(forced, path.state, ctx);
  if (ids === undefined) return false;
  for (const id of ids) {
    if (path.tokens.length >= ctx.hole.maxTokens) break;
    if (path.pending.length === 0 && path.logits !== undefined) path.logprob += path.logits[id] - logSumExp(path.logits);
    else path.owed += 1;
    const advance = ctx.constraint.advance(path.state, id)!;
    path.state = advance.state;
    path.pending.push(id);
    path.logits = undefined;
    path.tokens.push(id);
    path.forced += 1;
    endValueAt(path, ctx.vocab.bytes(id), advance);
    if (path.finish !== undefined) break;
  }
  return true;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function forcedTokens(forced: Uint8Array, start: MaskState, ctx: HoleContext): number[] | undefined {
  let text: string;
  try {
    text = STRICT_UTF8.decode(forced);
  } catch {
    return undefined;
  }
  const ids = ctx.model.encode(text);
  let state = start;
  let at = 0;
  for (const id of ids) {
    const bytes = ctx.vocab.bytes(id);
    if (ctx.vocab.isSpecial(id) || !sameBytes(bytes, forced, at)) return undefined;
    at += bytes.length;
    const advance = ctx.constraint.advance(state, id);
    if (advance === undefined) return undefined;
    state = advance.state;
  }
  return at === forced.length && ids.length > 0 ? ids : undefined;
}

export function sameBytes(bytes: Uint8Array, within: Uint8Array, at: number): boolean {
  if (at + bytes.length > within.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== within[at + i]) return false;
  return true;
}

/**
 * The value of a finished path, re-checked against the hole's full constraint with the string
 * semantics: whatever the masks, healing or fast-forward did, a violating value is never returned.
 * A value cut by the token limit is left to the caller (it reports the limit instead).
 */
export function finishedValue(path: Path, ctx: HoleContext): string {
  const value = ctx.constraint.value(path.state);
  if (path.finish === undefined || path.finish === "length") return value;
  const verdict = ctx.constraint.verify?.(path.state);
  if (verdict !== undefined && !verdict.ok) throw valueViolates(ctx.hole.name, value, verdict.reason, ctx.hole.constraintText);
  return value;
}
