/**
 * A deterministic LogitsModel for tests. It tokenizes with the real tiny-lm tokenizer and, for each
 * hole, puts a strong preference on the tokens that continue that hole's scripted reply, then on
 * end-of-sequence. Everything else (masks, fast-forward, stop phrases, healing) runs the real
 * decoder path, so a constraint can still override the script. It records the prompts it saw.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PreTrainedTokenizer } from "@huggingface/transformers";
import type { Vocabulary } from "../constraints/engine.js";
import { vocabularyFromTokenizerJson } from "../constraints/vocabulary.js";
import type { LogitsModel, ModelSession } from "../models/model.js";
import { dataEncoder } from "../models/data-tokenizer.js";
import { bundledModelsFolder } from "../models/resolve-model.js";

export type Script = readonly string[] | ((prompt: string, holeIndex: number) => string);

export interface ScriptedModelOptions {
  /** Reported as the model id (default `scripted`). */
  readonly id?: string;
  /** A folder with tokenizer.json and tokenizer_config.json (default: the bundled tiny-lm). */
  readonly tokenizerFolder?: string;
  /** Default 4096, so long test prompts fit. */
  readonly contextLength?: number;
  /**
   * An adversarial model for property tests: adds pseudo-random logits in [0, scale) to every token,
   * a function of the seed and the tokens consumed (so forks and replays agree). With a scale near
   * the reply's preference the model wanders off its script into whatever the masks allow.
   */
  readonly noise?: { readonly seed: number; readonly scale: number };
}

export interface ScriptedModel extends LogitsModel {
  /** The prompt text before each hole, in the order the holes were decoded (forks included). */
  readonly prompts: readonly string[];
}

/** Logit of a token that continues the reply: far above the rest, longer tokens first. */
const PREFERRED = 20;
const END = 30;

export function scriptedModel(script: Script, options: ScriptedModelOptions = {}): ScriptedModel {
  const folder = options.tokenizerFolder ?? join(bundledModelsFolder(), "tiny-lm");
  const { tokenizerJson, tokenizerConfig, tokenizer, vocab } = loadTokenizer(folder);
  const prompts: string[] = [];
  const replyFor = (prompt: string, index: number): string => {
    if (typeof script === "function") return script(prompt, index);
    if (index >= script.length) throw new Error(`scripted model: no reply for hole #${index + 1} (${script.length} scripted)`);
    return script[index];
  };
  const world: World = { vocab, eos: vocab.eosTokenIds.length > 0 ? vocab.eosTokenIds[0] : 0, prompts, replyFor, noise: options.noise };
  const template = tokenizerConfig.chat_template;
  return {
    id: options.id ?? "scripted",
    capabilities: { logits: true, fork: true },
    vocabSize: vocab.size,
    eosTokenIds: vocab.eosTokenIds,
    bosTokenId: detectBos(tokenizer),
    contextLength: options.contextLength ?? 4096,
    tokenizerJson,
    ...(typeof template === "string" ? { chatTemplate: template } : {}),
    prompts,
    encode: dataEncoder(tokenizer),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false }),
    createSession: async () => new ScriptedSession(world, [], undefined, { forwardPasses: 0, tokensFed: 0 }),
    dispose: async () => {},
  };
}

interface LoadedTokenizer {
  readonly tokenizerJson: unknown;
  readonly tokenizerConfig: Record<string, unknown>;
  readonly tokenizer: PreTrainedTokenizer;
  readonly vocab: Vocabulary;
}

/** Parsed once per folder: property tests build a scripted model per run. */
const tokenizers = new Map<string, LoadedTokenizer>();

function loadTokenizer(folder: string): LoadedTokenizer {
  let t = tokenizers.get(folder);
  if (t === undefined) {
    const tokenizerJson = JSON.parse(readFileSync(join(folder, "tokenizer.json"), "utf8")) as unknown;
    const tokenizerConfig = JSON.parse(readFileSync(join(folder, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
    const tokenizer = new PreTrainedTokenizer(tokenizerJson as object, tokenizerConfig);
    t = { tokenizerJson, tokenizerConfig, tokenizer, vocab: vocabularyFromTokenizerJson(tokenizerJson) };
    tokenizers.set(folder, t);
  }
  return t;
}

interface World {
  readonly vocab: Vocabulary;
  readonly eos: number;
  readonly prompts: string[];
  readonly replyFor: (prompt: string, index: number) => string;
  readonly noise: ScriptedModelOptions["noise"];
}

/** The hole in progress: the bytes the prompt plus the reply should spell. */
interface Hole {
  readonly index: number;
  readonly reply: Uint8Array;
  readonly healed: Uint8Array;
  /** The prompt's text (healed bytes included), as the decoder announced it. */
  readonly prompt: Uint8Array;
  /** Set at the first feed of the hole: prompt bytes (+ healed bytes) + reply. */
  readonly target: Uint8Array | undefined;
}

const encoder = new TextEncoder();

class ScriptedSession implements ModelSession {
  readonly #world: World;
  #tokens: number[];
  #hole: Hole | undefined;
  #holes: number;
  readonly stats: { forwardPasses: number; tokensFed: number };

  constructor(world: World, tokens: number[], hole: Hole | undefined, stats: { forwardPasses: number; tokensFed: number }, holes = 0) {
    this.#world = world;
    this.#tokens = tokens;
    this.#hole = hole;
    this.#holes = holes;
    this.stats = stats;
  }

  get tokens(): readonly number[] {
    return this.#tokens;
  }

  beginHole(prompt: string, healed: string): void {
    this.#world.prompts.push(prompt);
    const reply = encoder.encode(this.#world.replyFor(prompt, this.#holes));
    this.#hole = { index: this.#holes, reply, healed: encoder.encode(healed), prompt: encoder.encode(prompt), target: undefined };
    this.#holes += 1;
  }

  async feed(tokens: readonly number[]): Promise<Float32Array> {
    this.stats.forwardPasses += 1;
    this.stats.tokensFed += tokens.length;
    this.#tokens = [...this.#tokens, ...tokens];
    return this.#logits();
  }

  async feedScored(tokens: readonly number[]): Promise<{ readonly logits: Float32Array; readonly logprobs: Float64Array }> {
    const [first, ...rest] = tokens;
    if (first === undefined) throw new Error("feedScored() needs at least one token");
    this.#tokens = [...this.#tokens, first];
    const logprobs = await this.score(rest);
    this.stats.tokensFed += 1;
    return { logits: this.#logits(), logprobs };
  }

  async score(tokens: readonly number[]): Promise<Float64Array> {
    if (this.#tokens.length === 0) throw new Error("score() needs at least one consumed token");
    this.stats.forwardPasses += 1;
    this.stats.tokensFed += tokens.length;
    const out = new Float64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const logits = this.#logits();
      let max = -Infinity;
      for (const x of logits) max = Math.max(max, x);
      let sum = 0;
      for (const x of logits) sum += Math.exp(x - max);
      out[i] = logits[tokens[i]] - max - Math.log(sum);
      this.#tokens = [...this.#tokens, tokens[i]];
    }
    return out;
  }

  truncate(length: number): void {
    if (length < 0 || length > this.#tokens.length) throw new RangeError(`truncate(${length}) outside 0..${this.#tokens.length}`);
    this.#tokens = this.#tokens.slice(0, length);
  }

  fork(): ScriptedSession {
    return new ScriptedSession(this.#world, [...this.#tokens], this.#hole, this.stats, this.#holes);
  }

  #logits(): Float32Array {
    const logits = this.#scriptLogits();
    const noise = this.#world.noise;
    if (noise !== undefined) {
      let h = noise.seed ^ 0x9e3779b9;
      for (const t of this.#tokens) h = Math.imul(h ^ t, 0x01000193);
      for (let id = 0; id < logits.length; id++) {
        h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ id;
        logits[id] += (((h >>> 0) % 10007) / 10007) * noise.scale;
      }
    }
    return logits;
  }

  #scriptLogits(): Float32Array {
    const { vocab, eos } = this.#world;
    const logits = new Float32Array(vocab.size);
    const produced = this.#bytes();
    let hole = this.#hole;
    if (hole !== undefined && hole.target === undefined) {
      // The first logits may come before the prompt is all fed (scoring) or after fast-forwarded
      // tokens: the prompt's text marks where the reply starts, when the tokens spell it (no chat
      // template in between).
      const unhealed = hole.prompt.subarray(0, hole.prompt.length - hole.healed.length);
      const spelled = startsWith(produced, unhealed, 0) || startsWith(unhealed, produced, 0);
      const start = spelled ? hole.prompt : concat(produced, hole.healed);
      hole = { ...hole, target: concat(start, hole.reply) };
      this.#hole = hole;
    }
    const target = hole?.target;
    if (target === undefined || !startsWith(target, produced, 0) || produced.length >= target.length) {
      logits[eos] = END;
      return logits;
    }
    for (let id = 0; id < vocab.size; id++) {
      if (vocab.isSpecial(id)) continue;
      const bytes = vocab.bytes(id);
      if (bytes.length > 0 && startsWith(target, bytes, produced.length)) logits[id] = PREFERRED + bytes.length;
    }
    return logits;
  }

  #bytes(): Uint8Array {
    const parts = this.#tokens.map((t) => this.#world.vocab.bytes(t));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `within` holds `bytes` at offset `at` (and `bytes` fits). */
function startsWith(within: Uint8Array, bytes: Uint8Array, at: number): boolean {
  if (at + bytes.length > within.length) return false;
  for (let i = 0; i < bytes.length; i++) if (within[at + i] !== bytes[i]) return false;
  return true;
}

function detectBos(tokenizer: PreTrainedTokenizer): number | undefined {
  const plain = tokenizer.encode("a", { add_special_tokens: false });
  const special = tokenizer.encode("a", { add_special_tokens: true });
  return special.length > plain.length ? special[0] : undefined;
}
