/**
 * The prompt session for text backends (hosted models without logits). Per hole: one call that
 * continues the prompt so far under the hole's stop phrases (and the template text after it) and its
 * token limit; the reply is walked through the hole's automaton as it streams, so only valid text is
 * streamed and kept. A violation keeps the longest valid prefix and continues from it, a bounded
 * number of times, then fails naming the hole and the constraint. Nothing is masked: constraints
 * are guided (stops, budgets) and checked, and a returned value always satisfies its constraint.
 */
import type { Vocabulary } from "../../constraints/engine.js";
import { describe } from "../../constraints/evaluate.js";
import { vocabularyFromBytes } from "../../constraints/vocabulary.js";
import { NO_USAGE, TextModelError, type TextModel, type TextReply, type TextUsage } from "../../models/text-model.js";
import { DecodeError } from "./decode-error.js";
import type { ConstraintSpec } from "../../constraints/spec.js";
import { constraintStops, specOf } from "./template-stops.js";
import { TextWalker } from "./text-walker.js";
import type { DecodeStats, DecoderSettings, FinishReason, HoleRequest, HoleResult, OptionScore, PromptSession } from "./types.js";

/** Continuations after a violation or a broken stream before the hole fails (E815). */
export const DEFAULT_MAX_REPAIRS = 3;

/** Totals over a session and its forks; `tokens` counts the backend's output tokens. */
export interface TextDecodeStats extends DecodeStats {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** Continuations after a violation or a broken stream. */
  repairs: number;
}

export interface TextSessionOptions {
  /** Hole name → template text that follows it (see template-stops.ts). */
  readonly templateStops?: ReadonlyMap<string, readonly string[]>;
  readonly maxRepairs?: number;
  /** The run's cancellation: an abort ends the request under way. */
  readonly signal?: AbortSignal;
}

/**
 * Constraints compile against single bytes: a text backend's values are checked byte by byte, and
 * its token counts come from the server, not from this vocabulary.
 */
export const BYTE_VOCABULARY: Vocabulary = vocabularyFromBytes([...Array.from({ length: 256 }, (_, b) => Uint8Array.of(b)), null], [256]);

interface Family {
  readonly model: TextModel;
  readonly settings: DecoderSettings;
  readonly options: TextSessionOptions;
  readonly stats: TextDecodeStats;
}

export function openTextSession(model: TextModel, settings: DecoderSettings, options: TextSessionOptions = {}): TextPromptSession {
  const stats: TextDecodeStats = { tokens: 0, forwardPasses: 0, fastForwardTokens: 0, calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, repairs: 0 };
  return new TextPromptSession({ model, settings, options, stats }, "", []);
}

/** Beam search and best_k compare scores; a backend without log-probabilities has none. */
export function cannotScore(model: TextModel, what: string, hole?: string): DecodeError {
  return new DecodeError("E816", hole, `${what} needs token log-probabilities, and model '${model.id}' gives none`, "use argmax or sample with this model, or a local model");
}

export class TextPromptSession implements PromptSession {
  readonly #family: Family;
  #text: string;
  /** Prompt lengths earlier calls sent: prefixes the server may have cached. */
  #stable: number[];

  constructor(family: Family, text: string, stable: number[]) {
    this.#family = family;
    this.#text = text;
    this.#stable = stable;
  }

  get text(): string {
    return this.#text;
  }

  get vocabulary(): Vocabulary {
    return BYTE_VOCABULARY;
  }

  get stats(): TextDecodeStats {
    return this.#family.stats;
  }

  appendText(text: string): void {
    this.#text += text;
  }

  appendRole(role: string): void {
    this.#text += `\n((${role})):`;
  }

  rewind(length: number): void {
    this.#text = this.#text.slice(0, length);
    this.#stable = this.#stable.filter((n) => n <= length);
  }

  async generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult> {
    const { decoder } = this.#family.settings;
    if (decoder === "beam" || decoder === "best_k") throw cannotScore(this.#family.model, `the ${decoder} decoder`, hole.name);
    const spec = specOf(hole.constraint);
    const unchecked = spec === undefined ? undefined : tokenLowerBound(spec);
    if (unchecked !== undefined) throw uncheckable(this.#family.model, hole.name, unchecked);
    const stops = constraintStops(spec);
    const stop = [...new Set([...stops.at, ...stops.before, ...(this.#family.options.templateStops?.get(hole.name) ?? [])])];
    const phrases = new Set([...stops.at, ...stops.before]);
    const walker = new TextWalker(hole.constraint, hole.constraint.start());
    let spent = 0;
    let repairs = 0;
    for (;;) {
      const reply = await this.#call(walker, stop, hole.maxTokens - spent, onText);
      spent += reply.usage.outputTokens;
      // The server drops the stop sequence it matched; a constraint's phrase belongs to the value.
      if (!walker.violated && reply.stopReason === "stop" && reply.stopSequence !== undefined && phrases.has(reply.stopSequence)) {
        const taken = walker.push(reply.stopSequence);
        if (taken !== "") onText?.(taken);
      }
      const finish = this.#finish(walker, reply, hole.maxTokens - spent);
      if (finish !== undefined) return this.#settle(walker, finish, spent);
      if (++repairs > (this.#family.options.maxRepairs ?? DEFAULT_MAX_REPAIRS)) throw repairsExhausted(hole, walker, reply, spec === undefined ? undefined : describe(spec));
      this.#family.stats.repairs++;
      walker.resume();
    }
  }

  /** How the hole ends after this reply, or undefined to continue from the valid prefix. */
  #finish(walker: TextWalker, reply: TextReply, budgetLeft: number): FinishReason | undefined {
    const complete = walker.complete();
    if (complete && walker.violated) return "constraint";
    if (complete && !reply.truncated) return reply.stopReason === "length" ? "length" : reply.stopReason === "stop" ? "constraint" : "eos";
    // Out of tokens with a valid but unfinished value: the interpreter reports the hole's limit.
    if (budgetLeft <= 0) return "length";
    return undefined;
  }

  #settle(walker: TextWalker, finish: FinishReason, spent: number): HoleResult {
    const text = walker.accepted;
    this.#text += text;
    this.#family.stats.tokens += spent;
    // Token ids are the server's and never seen: the list only carries the count (for budgets).
    return { value: walker.value(), text, tokens: new Array<number>(spent).fill(-1), logprob: Number.NaN, finish };
  }

  async #call(walker: TextWalker, stop: readonly string[], maxTokens: number, onText?: (text: string) => void): Promise<TextReply> {
    const { model, settings, stats } = this.#family;
    const prompt = this.#text + walker.accepted;
    this.#family.options.signal?.throwIfAborted();
    const abort = new AbortController();
    stats.calls++;
    const reply = await model.complete(
      {
        prompt,
        stablePrefixes: this.#stable,
        stop,
        maxTokens: Math.max(1, maxTokens),
        temperature: settings.decoder === "argmax" ? 0 : settings.temperature,
        signal: this.#family.options.signal === undefined ? abort.signal : AbortSignal.any([abort.signal, this.#family.options.signal]),
      },
      (delta) => {
        const taken = walker.push(delta);
        if (taken !== "") onText?.(taken);
        // Nothing after a violation is kept: stop paying for it.
        if (walker.violated) abort.abort();
      },
    ).catch((e: unknown) => {
      this.#family.options.signal?.throwIfAborted();
      if (e instanceof TextModelError) throw new DecodeError(e.code, undefined, e.message, e.hint);
      throw e;
    });
    // A reply cut short by the run's abort is not a value: the run ends here.
    this.#family.options.signal?.throwIfAborted();
    if (!this.#stable.includes(prompt.length) && prompt.length > 0) this.#stable.push(prompt.length);
    addUsage(stats, reply.usage);
    return reply;
  }

  async scoreOptions(_options: readonly string[]): Promise<readonly OptionScore[]> {
    throw cannotScore(this.#family.model, "the distribution clause");
  }

  fork(): PromptSession {
    return new TextPromptSession(this.#family, this.#text, [...this.#stable]);
  }
}

function addUsage(stats: TextDecodeStats, usage: TextUsage = NO_USAGE): void {
  stats.inputTokens += usage.inputTokens;
  stats.outputTokens += usage.outputTokens;
  stats.cachedTokens += usage.cachedTokens;
  stats.cacheWriteTokens += usage.cacheWriteTokens;
}

/**
 * `len(TOKENS(X)) > n` and the like: the server's tokens of a value alone are unknown (a reply's
 * count covers cut and repaired text too), so such a bound could only be dropped silently. Upper
 * bounds are the calls' max_tokens.
 */
function tokenLowerBound(spec: ConstraintSpec): ConstraintSpec | undefined {
  switch (spec.kind) {
    case "tokenLength": return spec.op === "<" || spec.op === "<=" ? undefined : spec;
    case "and": case "or": return spec.parts.map(tokenLowerBound).find((s) => s !== undefined);
    case "not": return spec.part.kind === "tokenLength" ? spec.part : tokenLowerBound(spec.part);
    default: return undefined;
  }
}

function uncheckable(model: TextModel, hole: string, part: ConstraintSpec): DecodeError {
  return new DecodeError("E819", hole, `model '${model.id}' cannot enforce or check ${describe(part)} on hole ${hole}: it does not count a value's tokens`, "bound the length from above (len(TOKENS(X)) < n), use len(X) or len(WORDS(X)), or a local model");
}

function repairsExhausted(hole: HoleRequest, walker: TextWalker, reply: TextReply, described: string | undefined): DecodeError {
  const constraint = hole.constraintText ?? described ?? "its constraint";
  const why = walker.violated
    ? `the model wrote ${JSON.stringify(walker.accepted + walker.rejectedText)}, which violates ${constraint} after ${JSON.stringify(walker.accepted)}`
    : reply.truncated
      ? `the response stream kept breaking off (value so far ${JSON.stringify(walker.accepted)})`
      : `the model stopped at ${JSON.stringify(walker.accepted)}, which does not satisfy ${constraint}`;
  return new DecodeError("E815", hole.name, `hole ${hole.name} could not be repaired: ${why}`, "the backend cannot mask tokens, so its answers are checked and repaired a bounded number of times: relax the constraint, describe the expected format in the prompt, or use a local model");
}
