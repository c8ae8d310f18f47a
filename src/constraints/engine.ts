/**
 * The mask engine's public contract, driven by the runtime one token at a time. It knows no model:
 * input is a vocabulary and a ConstraintSpec, output is a mask.
 */
import type { ConstraintSpec } from "./spec.js";

/** Token id → exact bytes, built from a tokenizer.json (see vocabulary.ts). */
export interface Vocabulary {
  readonly size: number;
  /** The exact bytes of a token (empty for special tokens). */
  bytes(id: number): Uint8Array;
  /** Added/special tokens (e.g. `<|endoftext|>`): never allowed inside a value. */
  isSpecial(id: number): boolean;
  readonly eosTokenIds: readonly number[];
}

/** The result of one mask computation. */
export interface Mask {
  /** Bitset over token ids (bit i of word i>>>5): tokens that keep the value satisfiable. */
  readonly allowed: Uint32Array;
  /** Number of allowed tokens (excluding end-of-value). */
  readonly count: number;
  /** The value may end here: the runtime may let the model choose end-of-sequence. */
  readonly canEnd: boolean;
  /** The value must end here (accepting, no continuation possible, or a stop phrase was produced). */
  readonly mustEnd: boolean;
  /**
   * When exactly one continuation exists (and ending is not allowed), its bytes up to the next
   * point of choice: the runtime appends them without sampling ("fast-forward").
   */
  readonly forced?: Uint8Array;
}

/** Opaque per-hole decoding state; immutable, so beams can share it. */
export interface MaskState {
  readonly __brand: "MaskState";
}

export interface Advance {
  readonly state: MaskState;
  /**
   * When the token carried bytes past the value's end (e.g. a token holding a stop phrase and more),
   * the number of the token's bytes that belong to the value; the rest is not part of the value.
   */
  readonly valueEndsAfter?: number;
}

export interface CompiledConstraint {
  start(): MaskState;
  mask(state: MaskState): Mask;
  /** Consume a token; `undefined` if the token was not allowed. */
  advance(state: MaskState, tokenId: number): Advance | undefined;
  /**
   * Consume raw bytes (fast-forward, or text decided elsewhere); `undefined` if they violate.
   * `tokens` (default 0): how many model tokens these bytes were fed as, for token-count limits.
   */
  advanceBytes(state: MaskState, bytes: Uint8Array, tokens?: number): Advance | undefined;
  /** The value generated so far is a complete, valid value. */
  isComplete(state: MaskState): boolean;
  /** The bytes of the value so far (after stop-phrase handling: STOPS_BEFORE's phrase removed). */
  value(state: MaskState): string;
  /** The text generated so far, as the constraints see it (STOPS_BEFORE's phrase included). */
  generated?(state: MaskState): string;
  /**
   * Re-checks a finished value with the string semantics (evaluate.ts), independently of the
   * automata: the runtime refuses a value that fails, so a constraint is never silently broken.
   */
  verify?(state: MaskState): { readonly ok: boolean; readonly reason?: string };
  /** For backends without logits: check a finished value; `reason` says which part failed. */
  valueComplete(text: string): { readonly ok: boolean; readonly reason?: string };
}
