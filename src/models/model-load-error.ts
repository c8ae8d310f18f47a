/**
 * A model that cannot be loaded is a user problem (a wrong id, a missing folder, no network), so it
 * is reported as a typed error with a stable code and a hint, never as a library stack trace.
 */
import { error, span, type Diagnostic } from "../diagnostics/diagnostic.js";

export type ModelLoadErrorCode =
  /** The id names no bundled model and no folder, and is not a Hugging Face id. */
  | "E801"
  /** A folder exists but lacks the files a causal LM needs. */
  | "E802"
  /** A Hugging Face id could not be fetched (offline, or the hub does not know it). */
  | "E803"
  /** The files are there but the runtime refused them. */
  | "E804"
  /** The id names another backend (OpenAI, Anthropic, llama.cpp, ...) that lmql-ts does not have yet. */
  | "E805";

export class ModelLoadError extends Error {
  readonly code: ModelLoadErrorCode;
  readonly modelId: string;
  readonly hint: string;
  constructor(code: ModelLoadErrorCode, modelId: string, message: string, hint: string) {
    super(message);
    this.name = "ModelLoadError";
    this.code = code;
    this.modelId = modelId;
    this.hint = hint;
  }

  /** As a Diagnostic; the span is the `from "..."` clause when the caller knows it. */
  toDiagnostic(at = span(0, 0)): Diagnostic {
    return error(this.code, this.message, at, this.hint);
  }
}
