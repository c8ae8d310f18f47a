/**
 * The prompt session the interpreter drives: template text accumulates lazily; a hole tokenizes
 * the whole prompt as the model would, keeps the longest token prefix already in the KV cache, feeds
 * the rest in one forward pass, then decodes the hole under its constraint.
 */
import type { Vocabulary } from "../../constraints/engine.js";
import type { LogitsModel, ModelSession } from "../../models/model.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { decodeBeam, decodeBeamAll, type LogitsAdjust } from "./beam.js";
import { hasPenalties, maskedArgmax, maskedSample, penalize, SamplingScratch, tokenCounts, type Penalties } from "./choose.js";
import { DecodeError, contextExceeded, maxLenReached } from "./decode-error.js";
import { planHealing, type ExtensionCache } from "./healing.js";
import { clonePath, finishedValue, logitsOf, newPath, type HoleContext, type Path } from "./path.js";
import { PromptText } from "./prompt-text.js";
import { randomSeed, seededRng, type Rng } from "./prng.js";
import { scoreContinuations } from "./score-options.js";
import { decodeSinglePath, type Picker } from "./single-path.js";
import type { DecodeStats, DecoderSettings, HoleCandidate, HoleRequest, HoleResult, OptionScore, PromptSession } from "./types.js";

export async function openPromptSession(model: LogitsModel, settings: DecoderSettings, vocabulary: Vocabulary): Promise<PromptSession> {
  const session = await model.createSession();
  const family: Family = {
    model,
    settings,
    vocabulary,
    stats: new FamilyStats(session),
    extensions: new Map(),
  };
  return new LocalPromptSession(family, session, new PromptText(model), seededRng(settings.seed ?? randomSeed()), []);
}

/** What a session and its forks share. */
interface Family {
  readonly model: LogitsModel;
  readonly settings: DecoderSettings;
  readonly vocabulary: Vocabulary;
  readonly stats: FamilyStats;
  readonly extensions: ExtensionCache;
}

/** Totals over a session and all its forks (forward passes come from the shared model stats). */
class FamilyStats implements DecodeStats {
  tokens = 0;
  fastForwardTokens = 0;
  readonly #root: ModelSession;
  constructor(root: ModelSession) {
    this.#root = root;
  }
  get forwardPasses(): number {
    return this.#root.stats.forwardPasses;
  }
}

class LocalPromptSession implements PromptSession {
  readonly #family: Family;
  #session: ModelSession;
  readonly #prompt: PromptText;
  readonly #rng: Rng;
  /** Allocated on the first sampled hole: argmax and beam never need it. */
  #scratch: SamplingScratch | undefined;
  /** Tokens generated so far in this run on this branch (what repetition penalties look at). */
  readonly #history: number[];

  constructor(family: Family, session: ModelSession, prompt: PromptText, rng: Rng, history: number[]) {
    this.#family = family;
    this.#session = session;
    this.#prompt = prompt;
    this.#rng = rng;
    this.#history = history;
  }

  get text(): string {
    return this.#prompt.text;
  }

  get vocabulary(): Vocabulary {
    return this.#family.vocabulary;
  }

  get stats(): DecodeStats {
    return this.#family.stats;
  }

  appendText(text: string): void {
    this.#prompt.append(text);
  }

  appendRole(role: string): void {
    this.#prompt.appendRole(role);
  }

  rewind(length: number): void {
    // The KV cache is not touched: the next hole keeps the longest token prefix still valid.
    this.#prompt.rewind(length);
  }

  async generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult> {
    const { ctx, start, promptTokens } = this.#begin(hole);
    const settings = this.#family.settings;
    let path: Path;
    switch (settings.decoder) {
      case "argmax":
        path = start;
        await decodeSinglePath(path, ctx, this.#penalized(maskedArgmax, path), onText);
        break;
      case "sample":
        path = start;
        await decodeSinglePath(path, ctx, this.#penalized(this.#sampler(), path), onText);
        break;
      case "beam":
      case "best_k":
        path = await decodeBeam(start, ctx, Math.max(1, settings.n), settings.decoder === "beam" ? "total" : "mean", this.#adjust());
        if (onText !== undefined && path.bytes.length > 0) onText(new TextDecoder().decode(path.bytes.view()));
        break;
      default:
        return unreachable(settings.decoder);
    }
    const result = this.#resultOf(path, ctx, promptTokens);
    this.#session = path.session;
    // Counted for the value kept, not for the paths a beam search explored and dropped.
    this.#family.stats.tokens += path.tokens.length;
    this.#family.stats.fastForwardTokens += path.forced;
    this.#history.push(...path.tokens);
    this.#prompt.append(result.text);
    return result;
  }

  async candidates(hole: HoleRequest, count: number): Promise<readonly HoleCandidate[]> {
    const { ctx, start, promptTokens } = this.#begin(hole);
    const settings = this.#family.settings;
    let paths: Path[];
    switch (settings.decoder) {
      case "argmax":
        await decodeSinglePath(start, ctx, this.#penalized(maskedArgmax, start));
        paths = [start];
        break;
      case "sample":
        paths = await this.#draws(start, ctx, count);
        break;
      case "beam":
      case "best_k":
        paths = distinctValues(await decodeBeamAll(start, ctx, Math.max(1, count), settings.decoder === "beam" ? "total" : "mean", this.#adjust()));
        break;
      default:
        return unreachable(settings.decoder);
    }
    return paths.map((path) => {
      const result = this.#resultOf(path, ctx, promptTokens);
      const history = [...this.#history, ...path.tokens];
      const family = this.#family;
      const rng = this.#rng.split();
      return { result, forced: path.forced, reopen: () => new LocalPromptSession(family, path.session.fork(), new PromptText(family.model), rng.split(), [...history]) };
    });
  }

  /** `count` independent samples from one shared prefix: the prompt is fed once, then forked. */
  async #draws(start: Path, ctx: HoleContext, count: number): Promise<Path[]> {
    await logitsOf(start, ctx);
    const paths = Array.from({ length: count }, (_, i) => (i === count - 1 ? start : clonePath(start)));
    for (const path of paths) {
      const rng = this.#rng.split();
      await decodeSinglePath(path, ctx, this.#penalized(this.#sampler(rng), path));
    }
    return paths;
  }

  /** The hole's context (its token limit capped by max_len) and its first path. */
  #begin(hole: HoleRequest): { ctx: HoleContext; start: Path; promptTokens: number } {
    const target = this.#prompt.tokens();
    const maxLen = this.#family.settings.maxLen;
    if (maxLen !== undefined && target.length >= maxLen) throw maxLenReached(hole.name, target.length, maxLen);
    const capped = maxLen === undefined ? hole : { ...hole, maxTokens: Math.min(hole.maxTokens, maxLen - target.length) };
    const ctx: HoleContext = { hole: capped, constraint: hole.constraint, vocab: this.#family.vocabulary, model: this.#family.model };
    return { ctx, start: this.#startPath(ctx, target), promptTokens: target.length };
  }

  /** The HoleResult of a finished path; a value cut short by max_len is an error, as in LMQL. */
  #resultOf(path: Path, ctx: HoleContext, promptTokens: number): HoleResult {
    const value = finishedValue(path, ctx);
    const maxLen = this.#family.settings.maxLen;
    if (maxLen !== undefined && path.finish === "length" && promptTokens + path.tokens.length >= maxLen && !ctx.constraint.valueComplete(value).ok) {
      throw maxLenReached(ctx.hole.name, promptTokens, maxLen);
    }
    const text = new TextDecoder().decode(path.bytes.view());
    return { value, text, tokens: path.tokens, logprob: path.logprob, finish: path.finish ?? "length" };
  }

  #penalties(): Penalties {
    const s = this.#family.settings;
    return {
      ...(s.repetitionPenalty === undefined ? {} : { repetition: s.repetitionPenalty }),
      ...(s.frequencyPenalty === undefined ? {} : { frequency: s.frequencyPenalty }),
      ...(s.presencePenalty === undefined ? {} : { presence: s.presencePenalty }),
    };
  }

  /** The picker seeing penalized logits over this run's generated tokens and the path's own. */
  #penalized(pick: Picker, path: Path): Picker {
    const adjust = this.#adjust();
    return adjust === undefined ? pick : (logits, allowed, eos) => pick(adjust(logits, path), allowed, eos);
  }

  #adjust(): LogitsAdjust | undefined {
    const penalties = this.#penalties();
    if (!hasPenalties(penalties)) return undefined;
    const history = this.#history;
    return (logits, path) => penalize(logits, tokenCounts(history, path.tokens), penalties);
  }

  async scoreOptions(options: readonly string[]): Promise<readonly OptionScore[]> {
    return scoreContinuations(this.#session, this.#prompt, options, this.#family.model);
  }

  fork(): PromptSession {
    return new LocalPromptSession(this.#family, this.#session.fork(), this.#prompt.fork(), this.#rng.split(), [...this.#history]);
  }

  /**
   * Resyncs the KV cache with the prompt's tokens and sets up the hole's first step. At least one
   * prompt token is always (re)fed, because sessions keep no logits between calls.
   */
  #startPath(ctx: HoleContext, target: readonly number[]): Path {
    if (target.length === 0) throw new DecodeError("E812", ctx.hole.name, `cannot decode hole ${ctx.hole.name}: the prompt is empty and the model has no bos token`, "put some prompt text before the first hole");
    const start = ctx.constraint.start();
    const healing = this.#family.settings.tokenHealing !== false;
    const heal = healing ? planHealing(target, ctx.vocab, ctx.constraint, start, this.#family.extensions) : undefined;
    const feedTo = heal === undefined ? target.length : target.length - 1;
    if (feedTo > ctx.model.contextLength) throw contextExceeded(ctx.hole.name, feedTo, ctx.model.contextLength);
    const keep = Math.min(commonPrefix(this.#session.tokens, target), feedTo - 1);
    this.#session.truncate(keep);
    this.#session.beginHole?.(this.#prompt.text, heal === undefined ? "" : new TextDecoder().decode(heal.prefix));
    return newPath(this.#session, target.slice(keep, feedTo), start, heal);
  }

  #sampler(rng: Rng = this.#rng): Picker {
    const { temperature, topK, topP } = this.#family.settings;
    const options = { temperature, ...(topK === undefined ? {} : { topK }), ...(topP === undefined ? {} : { topP }) };
    const scratch = (this.#scratch ??= new SamplingScratch(this.#family.model.vocabSize));
    return (logits, allowed, eos) => maskedSample(logits, allowed, eos, options, rng, scratch);
  }
}

/** Beam paths that spell the same value with different tokens: only the best (first) is kept. */
function distinctValues(paths: readonly Path[]): Path[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = new TextDecoder().decode(p.bytes.view());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
