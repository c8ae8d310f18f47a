/**
 * The prompt session the interpreter drives: template text accumulates lazily; a hole tokenizes
 * the whole prompt as the model would, keeps the longest token prefix already in the KV cache, feeds
 * the rest in one forward pass, then decodes the hole under its constraint.
 */
import type { Vocabulary } from "../../constraints/engine.js";
import type { LogitsModel, ModelSession } from "../../models/model.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { decodeBeam } from "./beam.js";
import { maskedArgmax, maskedSample, SamplingScratch } from "./choose.js";
import { DecodeError, contextExceeded } from "./decode-error.js";
import { planHealing, type ExtensionCache } from "./healing.js";
import { finishedValue, newPath, type HoleContext, type Path } from "./path.js";
import { PromptText } from "./prompt-text.js";
import { randomSeed, seededRng, type Rng } from "./prng.js";
import { scoreContinuations } from "./score-options.js";
import { decodeSinglePath, type Picker } from "./single-path.js";
import type { DecodeStats, DecoderSettings, HoleRequest, HoleResult, OptionScore, PromptSession } from "./types.js";

export async function openPromptSession(model: LogitsModel, settings: DecoderSettings, vocabulary: Vocabulary): Promise<PromptSession> {
  const session = await model.createSession();
  const family: Family = {
    model,
    settings,
    vocabulary,
    stats: new FamilyStats(session),
    extensions: new Map(),
  };
  return new LocalPromptSession(family, session, new PromptText(model), seededRng(settings.seed ?? randomSeed()));
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

  constructor(family: Family, session: ModelSession, prompt: PromptText, rng: Rng) {
    this.#family = family;
    this.#session = session;
    this.#prompt = prompt;
    this.#rng = rng;
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

  async generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult> {
    const ctx: HoleContext = { hole, constraint: hole.constraint, vocab: this.#family.vocabulary, model: this.#family.model };
    const start = this.#startPath(ctx);
    const settings = this.#family.settings;
    let path: Path;
    switch (settings.decoder) {
      case "argmax":
        path = start;
        await decodeSinglePath(path, ctx, maskedArgmax, onText);
        break;
      case "sample":
        path = start;
        await decodeSinglePath(path, ctx, this.#sampler(), onText);
        break;
      case "beam":
      case "best_k":
        path = await decodeBeam(start, ctx, Math.max(1, settings.n), settings.decoder === "beam" ? "total" : "mean");
        if (onText !== undefined && path.bytes.length > 0) onText(new TextDecoder().decode(path.bytes.view()));
        break;
      default:
        return unreachable(settings.decoder);
    }
    const value = finishedValue(path, ctx);
    this.#session = path.session;
    // Counted for the value kept, not for the paths a beam search explored and dropped.
    this.#family.stats.tokens += path.tokens.length;
    this.#family.stats.fastForwardTokens += path.forced;
    const text = new TextDecoder().decode(path.bytes.view());
    this.#prompt.append(text);
    return { value, text, tokens: path.tokens, logprob: path.logprob, finish: path.finish ?? "length" };
  }

  async scoreOptions(options: readonly string[]): Promise<readonly OptionScore[]> {
    return scoreContinuations(this.#session, this.#prompt, options, this.#family.model);
  }

  fork(): PromptSession {
    return new LocalPromptSession(this.#family, this.#session.fork(), this.#prompt.fork(), this.#rng.split());
  }

  /**
   * Resyncs the KV cache with the prompt's tokens and sets up the hole's first step. At least one
   * prompt token is always (re)fed, because sessions keep no logits between calls.
   */
  #startPath(ctx: HoleContext): Path {
    const target = this.#prompt.tokens();
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

  #sampler(): Picker {
    const { temperature, topK, topP } = this.#family.settings;
    const options = { temperature, ...(topK === undefined ? {} : { topK }), ...(topP === undefined ? {} : { topP }) };
    const scratch = (this.#scratch ??= new SamplingScratch(this.#family.model.vocabSize));
    return (logits, allowed, eos) => maskedSample(logits, allowed, eos, options, this.#rng, scratch);
  }
}

export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
