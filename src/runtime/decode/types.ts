/**
 * The contract between the interpreter (which runs the program and knows statements) and local
 * decoding (which knows the model, the KV cache and masks). The interpreter appends template text
 * and asks for holes; the session tokenizes, feeds, masks, samples and appends the value.
 */
import type { CompiledConstraint, Vocabulary } from "../../constraints/engine.js";
import type { DecoderKind } from "../../language/decoders.js";

/** What a decoder runs as (the table of LMQL's decoder names is src/language/decoders.ts). */
export type DecoderName = DecoderKind;

export interface DecoderSettings {
  readonly decoder: DecoderName;
  /** Results wanted (sample/beam/best_k). */
  readonly n: number;
  readonly temperature: number;
  readonly topK?: number;
  readonly topP?: number;
  /** For repeatable sampling. */
  readonly seed?: number;
  /** Hard cap per hole when its constraints set none. */
  readonly maxTokensPerHole: number;
  /** Back up over the prompt's last token at a hole boundary when it could be extended (default true). */
  readonly tokenHealing?: boolean;
  /** LMQL's `max_len`: prompt and generated tokens together may not exceed it. */
  readonly maxLen?: number;
  /** HF's repetition penalty (1: none) over the tokens generated in the run. */
  readonly repetitionPenalty?: number;
  /** OpenAI's frequency penalty: minus this times a token's count so far in the run. */
  readonly frequencyPenalty?: number;
  /** OpenAI's presence penalty: minus this once a token occurred in the run. */
  readonly presencePenalty?: number;
}

export interface HoleRequest {
  readonly name: string;
  readonly constraint: CompiledConstraint;
  /** Tokens this hole may generate at most (the smaller of its constraints' and the settings'). */
  readonly maxTokens: number;
  /** The constraint as the query wrote it (e.g. `INT(X) and len(X) < 3`), named in decode errors. */
  readonly constraintText?: string;
}

export type FinishReason =
  /** The model chose end-of-sequence where the value could end. */
  | "eos"
  /** The constraint ended the value (accepting with no continuation, or a stop phrase). */
  | "constraint"
  /** The token limit was reached. */
  | "length";

export interface HoleResult {
  /** The variable's value (STOPS_BEFORE's phrase removed). */
  readonly value: string;
  /** The text appended to the prompt for this hole (equal to `value` unless a stop phrase was cut). */
  readonly text: string;
  readonly tokens: readonly number[];
  /**
   * Sum of the chosen tokens' log-probabilities (under the unmasked model). Fast-forwarded tokens
   * count when they were fed while decoding the hole: beam search always feeds them (to compare
   * paths exactly); argmax and sample spend no extra forward pass only for that.
   */
  readonly logprob: number;
  readonly finish: FinishReason;
}

export interface OptionScore {
  readonly option: string;
  /** Mean token log-probability of the option as a continuation of the prompt. */
  readonly logprob: number;
  /** Softmax of `logprob` over the options. */
  readonly probability: number;
}

/** Totals of a prompt session and its forks. */
export interface DecodeStats {
  /** Tokens of the values generated (fast-forwarded ones included; beams not kept excluded). */
  tokens: number;
  /** Model forward passes, prompt and scoring passes included. */
  forwardPasses: number;
  /** Tokens appended without sampling because the constraint allowed one continuation. */
  fastForwardTokens: number;
}

export interface PromptSession {
  /** The whole prompt so far: template text and generated values. */
  readonly text: string;
  readonly vocabulary: Vocabulary;
  readonly stats: DecodeStats;
  /** Template text; no model call happens until the next hole or score. */
  appendText(text: string): void;
  /** A chat role switch (`{:user}`): the model's role marker, or a plain-text fallback. */
  appendRole(role: string): void;
  /**
   * Cuts the prompt back to its first `length` characters (a length `text` had earlier, never inside
   * a role marker), so the interpreter can put a value's post-processed text where the generated
   * text was, or unwind a nested query. Cheap: the KV cache resyncs by token prefix at the next hole.
   */
  rewind(length: number): void;
  /**
   * Decode one hole under its constraint and append its text as generated; `onText` streams text as
   * it is decided. The interpreter then settles the value's post-processed text with `rewind`.
   */
  generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult>;
  /** Score each option as a continuation of the prompt (the distribution clause); appends nothing. */
  scoreOptions(options: readonly string[]): Promise<readonly OptionScore[]>;
  /** An independent session sharing the prefix consumed so far (for n > 1). */
  fork(): PromptSession;
  /**
   * Branching decoders: up to `count` values for the hole (beam/best_k: the most likely, best first;
   * sample: independent draws; argmax: one), each with a way to go on from it. Appends nothing.
   */
  candidates?(hole: HoleRequest, count: number): Promise<readonly HoleCandidate[]>;
}

/** One value a branching decoder considered for a hole. */
export interface HoleCandidate {
  readonly result: HoleResult;
  /** Tokens of the value appended by fast-forward. */
  readonly forced: number;
  /**
   * A session with an empty prompt over a fork of the KV cache as it stands after this value: a
   * replay of the program that appends the same text finds the cached prefix and feeds only the rest.
   */
  reopen(): PromptSession;
}
