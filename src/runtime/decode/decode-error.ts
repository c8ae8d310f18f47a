/**
 * Failures while decoding a hole that the user can act on: they name the hole and say why.
 * The interpreter turns them into Diagnostics located at the hole.
 */
import { error, span, type Diagnostic } from "../../diagnostics/diagnostic.js";

export type DecodeErrorCode =
  /** No token is allowed and the value cannot end: the constraint is unsatisfiable from here. */
  | "E810"
  /** The prompt plus the hole's tokens do not fit the model's context. */
  | "E811"
  /** Nothing to condition on: an empty prompt and a model without a bos token. */
  | "E812"
  /** A finished value failed the re-check against its constraint (an engine defect, never returned). */
  | "E813"
  /** The decoder's `max_len` (prompt and generated tokens) was reached before the value was complete. */
  | "E814"
  /** A text backend kept violating the hole's constraint after its bounded repairs. */
  | "E815"
  /** The decoder or `distribution` needs log-probabilities the backend does not give. */
  | "E816"
  /** A hosted backend failed (after its retries): an API error, a timeout, a broken stream. */
  | "E817"
  /** A hosted backend has no API key. */
  | "E818"
  /** A constraint the backend can neither enforce nor check (a lower bound on its token count). */
  | "E819";

export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  /** The hole being decoded, or undefined for scoring. */
  readonly hole: string | undefined;
  readonly hint: string;
  constructor(code: DecodeErrorCode, hole: string | undefined, message: string, hint: string) {
    super(message);
    this.name = "DecodeError";
    this.code = code;
    this.hole = hole;
    this.hint = hint;
  }

  toDiagnostic(at = span(0, 0)): Diagnostic {
    return error(this.code, this.message, at, this.hint);
  }
}

export function allMasked(hole: string, valueSoFar: string, constraintText?: string): DecodeError {
  const constraint = constraintText === undefined ? "its constraint" : `its constraint ${constraintText}`;
  return new DecodeError(
    "E810",
    hole,
    `no token can continue hole ${hole} after ${JSON.stringify(valueSoFar)}: every token violates ${constraint} and the value cannot end here`,
    `relax the constraints on ${hole} (they may contradict each other), or raise its token limit`,
  );
}

export function contextExceeded(hole: string | undefined, needed: number, limit: number): DecodeError {
  const where = hole === undefined ? "scoring the distribution" : `decoding hole ${hole}`;
  return new DecodeError("E811", hole, `context length exceeded while ${where}: ${needed} tokens > the model's ${limit}`, "shorten the prompt or lower the token limits of the holes");
}

export function valueViolates(hole: string, value: string, reason: string | undefined, constraintText?: string): DecodeError {
  const constraint = constraintText === undefined ? "its constraint" : `its constraint ${constraintText}`;
  return new DecodeError(
    "E813",
    hole,
    `the value decoded for hole ${hole}, ${JSON.stringify(value)}, fails ${constraint}${reason === undefined ? "" : ` (${reason})`}; it was refused`,
    "this is a defect of the constraint engine: please report the query; rephrasing the constraint may avoid it",
  );
}

export function maxLenReached(hole: string, promptTokens: number, maxLen: number): DecodeError {
  return new DecodeError(
    "E814",
    hole,
    `hole ${hole} reached the decoder's max_len=${maxLen} (prompt and generated tokens together; the prompt has ${promptTokens}) before its constraint was satisfied`,
    "raise max_len in the decoder clause, or shorten the prompt",
  );
}
