/**
 * Checks text from a backend without logits against the hole's automaton, character by character
 * as it streams in: the mask engine's own semantics (`advanceBytes` on each character's bytes), so
 * the longest valid prefix is known the moment a character violates the constraint. Characters
 * past that point are never accepted (nor streamed).
 */
import type { CompiledConstraint, MaskState } from "../../constraints/engine.js";

const encoder = new TextEncoder();

export class TextWalker {
  #state: MaskState;
  /** Text accepted so far (all of it valid as a prefix of the value). */
  #accepted = "";
  /** The first character the automaton refused, with the rest of the reply after it. */
  #rejected: string | undefined;
  /** A high surrogate waiting for its pair across stream deltas. */
  #pending = "";

  constructor(
    private readonly constraint: CompiledConstraint,
    start: MaskState,
  ) {
    this.#state = start;
  }

  get state(): MaskState {
    return this.#state;
  }

  get accepted(): string {
    return this.#accepted;
  }

  get violated(): boolean {
    return this.#rejected !== undefined;
  }

  /** The refused text (for error messages), or "". */
  get rejectedText(): string {
    return this.#rejected ?? "";
  }

  /** After a repair: the refused text is dropped and checking goes on from the valid prefix. */
  resume(): void {
    this.#rejected = undefined;
    this.#pending = "";
  }

  /** Feeds a delta; returns the part of it accepted (to stream on). */
  push(delta: string): string {
    let text = this.#pending + delta;
    this.#pending = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#pending = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (this.#rejected !== undefined) {
      this.#rejected += text;
      return "";
    }
    let taken = "";
    for (const ch of text) {
      if (this.#rejected !== undefined) {
        this.#rejected += ch;
        continue;
      }
      const next = this.constraint.advanceBytes(this.#state, encoder.encode(ch), 0);
      // A character the automaton ends before (valueEndsAfter) is not part of the value either.
      if (next === undefined || next.valueEndsAfter !== undefined) {
        this.#rejected = ch;
        continue;
      }
      this.#state = next.state;
      taken += ch;
    }
    this.#accepted += taken;
    return taken;
  }

  /** The value so far is complete under the constraint (string semantics, as for any backend). */
  complete(): boolean {
    return this.constraint.valueComplete(this.constraint.value(this.#state)).ok;
  }

  value(): string {
    return this.constraint.value(this.#state);
  }
}
