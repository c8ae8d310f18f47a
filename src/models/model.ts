/**
 * The backend interface for models that expose logits (local transformers.js, the scripted test
 * model). It knows nothing of queries or constraints: the runtime drives it.
 */

/** What a backend can do; the runtime adapts (e.g. no fork → no beam search). */
export interface ModelCapabilities {
  /** Logits for the next token after every `feed`. */
  readonly logits: boolean;
  /** `fork()` shares a prefix cache between sessions. */
  readonly fork: boolean;
}

export interface LogitsModel {
  /** The id the user gave (`local:tiny-lm`, a folder, a hub id). */
  readonly id: string;
  readonly capabilities: ModelCapabilities;
  readonly vocabSize: number;
  /** End-of-sequence ids: generation of a hole may end by choosing one of these. */
  readonly eosTokenIds: readonly number[];
  /** The id put in front of a fresh prompt, if the model uses one. */
  readonly bosTokenId: number | undefined;
  /** Maximum tokens in one session (prompt + generated). */
  readonly contextLength: number;
  /** The raw `tokenizer.json` object, from which constraints/ builds the byte vocabulary. */
  readonly tokenizerJson: unknown;
  /** Tokenize text as the model would, as data: never a special token, even for its spelling. */
  encode(text: string): number[];
  /** Detokenize (for display; masks never rely on this). */
  decode(ids: readonly number[]): string;
  /** A chat template to render role-tagged messages, if the model has one. */
  readonly chatTemplate?: string;
  /** A fresh KV-cache session with nothing consumed. */
  createSession(): Promise<ModelSession>;
  /**
   * Optional: feed several of this model's sessions their tokens in one batched forward pass (beam
   * search); returns each one's next-token logits, as `feed` would.
   */
  feedMany?(sessions: readonly ModelSession[], tokens: readonly (readonly number[])[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** One decoding context: a KV cache over the tokens consumed so far. */
export interface ModelSession {
  /** Tokens consumed so far. */
  readonly tokens: readonly number[];
  /**
   * Consume tokens (one forward pass for all of them) and return the next-token logits after the
   * last one, as log-softmax-ready raw logits of length `vocabSize`.
   */
  feed(tokens: readonly number[]): Promise<Float32Array>;
  /**
   * Consume tokens and return the log-probability of each one given everything before it
   * (for the distribution clause and scoring). Needs at least one token already consumed.
   */
  score(tokens: readonly number[]): Promise<Float64Array>;
  /**
   * Optional: score several continuations of the consumed tokens at once (one batched pass where
   * the backend can); `result[i][j]` is the log-probability of `continuations[i][j]`. The session
   * itself is unchanged.
   */
  scoreMany?(continuations: readonly (readonly number[])[]): Promise<Float64Array[]>;
  /**
   * Optional: `feed`, plus the log-probability of each fed token after the first given everything
   * before it (`logprobs[i]` is that of `tokens[i + 1]`), from the same single pass.
   */
  feedScored?(tokens: readonly number[]): Promise<{ readonly logits: Float32Array; readonly logprobs: Float64Array }>;
  /** Roll back to the first `length` tokens (cache truncated, no recomputation). */
  truncate(length: number): void;
  /** A new session sharing this one's consumed prefix. */
  fork(): ModelSession;
  /**
   * Optional: the decoder announces that the next logits begin a new hole after `prompt` (the
   * prompt's text); `healed` is the prompt text at its end that token healing backed up over and
   * the first generated token will re-spell (empty if none). Only scripted test models use it.
   */
  beginHole?(prompt: string, healed: string): void;
  /** Counts forward passes run by this session and its forks. */
  readonly stats: { forwardPasses: number; tokensFed: number };
}
