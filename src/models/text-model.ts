/**
 * The second kind of backend beside `LogitsModel`: a model reached as text in, text out (hosted
 * APIs). It sees no logits, so it cannot mask; it continues a prompt under stop sequences and a token
 * budget, and the runtime checks and repairs the value (see runtime/decode/text-session.ts). Its
 * capabilities say what else it can do, so decoders and `distribution` can refuse clearly.
 */

export interface TextCapabilities {
  /** Per-token log-probabilities (scoring, beam search, `distribution`). */
  readonly logprobs: boolean;
  /** Stop sequences that end generation server-side (the matched one is not returned). */
  readonly stopSequences: boolean;
  /** Most stop sequences one call takes. */
  readonly maxStopSequences: number;
  /** Marks a stable prompt prefix for the server's prompt cache. */
  readonly promptCaching: boolean;
}

export interface TextRequest {
  /** The prompt so far; the reply continues it exactly. */
  readonly prompt: string;
  /** Prefix lengths of `prompt` earlier calls sent: stable boundaries for prompt caching. */
  readonly stablePrefixes: readonly number[];
  readonly stop: readonly string[];
  readonly maxTokens: number;
  readonly temperature?: number;
  readonly signal?: AbortSignal;
}

export type TextStopReason = "end" | "stop" | "length" | "other";

export interface TextUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input tokens read from the prompt cache. */
  readonly cachedTokens: number;
  /** Input tokens written to the prompt cache. */
  readonly cacheWriteTokens: number;
}

export interface TextReply {
  readonly text: string;
  readonly stopReason: TextStopReason;
  /** The stop sequence that ended the reply (`stopReason` "stop"); not part of `text`. */
  readonly stopSequence?: string;
  readonly usage: TextUsage;
  /** The stream broke off before the server finished: `text` is what arrived. */
  readonly truncated?: boolean;
}

export interface TextModel {
  readonly kind: "text";
  /** The id a run reports (`anthropic:claude-sonnet-4-5`). */
  readonly id: string;
  readonly capabilities: TextCapabilities;
  /** One call continuing `prompt`; `onText` gets the reply's text deltas as they stream in. */
  complete(request: TextRequest, onText?: (delta: string) => void): Promise<TextReply>;
}

export const NO_USAGE: TextUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0 };

export type TextModelErrorCode =
  /** The backend failed after its retries: an API error, a timeout, a broken connection. */
  | "E817"
  /** The backend is not configured: no API key, or no model name. */
  | "E818";

/** A backend failure the user can act on; the session locates it at the hole being decoded. */
export class TextModelError extends Error {
  readonly code: TextModelErrorCode;
  readonly modelId: string;
  readonly hint: string;
  constructor(code: TextModelErrorCode, modelId: string, message: string, hint: string) {
    super(message);
    this.name = "TextModelError";
    this.code = code;
    this.modelId = modelId;
    this.hint = hint;
  }
}
