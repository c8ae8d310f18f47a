/**
 * The local backend: a causal LM in ONNX run by transformers.js (onnxruntime-node) in this process.
 * Bundled models load offline; hub ids load (and are cached by transformers.js) only when the
 * user has network access.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer } from "@huggingface/transformers";
import type { LogitsModel, ModelSession } from "./model.js";
import { ModelLoadError } from "./model-load-error.js";
import { dataEncoder } from "./data-tokenizer.js";
import { KvCacheSession, type ForwardModel } from "./kv-session.js";
import { resolveModel, type ModelDtype, type ModelSource } from "./resolve-model.js";

export interface LoadProgress {
  readonly status: string;
  readonly file?: string;
  readonly progress?: number;
}

export interface LoadOptions {
  /** Default: q8 when the folder has `onnx/model_quantized.onnx`, else fp32. */
  readonly dtype?: ModelDtype;
  readonly onProgress?: (info: LoadProgress) => void;
}

export async function loadTransformersModel(id: string, options: LoadOptions = {}): Promise<LogitsModel> {
  const source = resolveModel(id, options.dtype);
  env.allowLocalModels = true;
  env.allowRemoteModels = source.kind === "hub";
  const name = source.kind === "folder" ? source.folder : source.hubId;
  const progress_callback = options.onProgress === undefined ? undefined : progressAdapter(options.onProgress);
  if (source.kind === "folder") checkTokenizerFits(id, source.folder);
  let tokenizer: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(name, { progress_callback });
    model = await AutoModelForCausalLM.from_pretrained(name, { dtype: source.dtype, progress_callback });
  } catch (cause) {
    throw loadFailure(id, source, cause);
  }
  return new TransformersModel(id, source, tokenizer, model);
}

/**
 * A folder whose tokenizer has ids the model's embedding table lacks: refused before loading,
 * since feeding such an id fails inside onnxruntime and a huge id makes tables that size.
 */
function checkTokenizerFits(id: string, folder: string): void {
  const read = (file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(join(folder, file), "utf8")) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const rows = read("config.json")?.vocab_size;
  const tokenizer = read("tokenizer.json") as { added_tokens?: unknown; model?: { vocab?: unknown } } | undefined;
  if (typeof rows !== "number" || tokenizer === undefined) return;
  const ids: unknown[] = Array.isArray(tokenizer.added_tokens) ? (tokenizer.added_tokens as { id?: unknown }[]).map((t) => t.id) : [];
  const vocab = tokenizer.model?.vocab;
  if (typeof vocab === "object" && vocab !== null && !Array.isArray(vocab)) ids.push(...Object.values(vocab));
  for (const tokenId of ids) {
    if (typeof tokenId === "number" && Number.isSafeInteger(tokenId) && tokenId >= 0 && tokenId < rows) continue;
    throw new ModelLoadError("E804", id, `cannot load model '${id}': its tokenizer and model disagree (token id ${String(tokenId)} is past the model's ${rows}-entry embedding table)`, "the tokenizer.json must come from the same model as the ONNX weights");
  }
}

function progressAdapter(onProgress: (info: LoadProgress) => void): (info: unknown) => void {
  return (info) => {
    const record = info as { status?: unknown; file?: unknown; progress?: unknown };
    const status = typeof record.status === "string" ? record.status : "progress";
    onProgress({
      status,
      ...(typeof record.file === "string" ? { file: record.file } : {}),
      ...(typeof record.progress === "number" ? { progress: record.progress } : {}),
    });
  };
}

function loadFailure(id: string, source: ModelSource, cause: unknown): ModelLoadError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const causeCode = cause instanceof Error && cause.cause instanceof Error ? (cause.cause as { code?: unknown }).code : undefined;
  if (source.kind === "hub") {
    const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(`${detail} ${String(causeCode)}`);
    return offline
      ? new ModelLoadError("E803", id, `cannot load model '${id}': the Hugging Face hub is unreachable (${detail})`, "connect to the network once so transformers.js can download and cache it, or pass a local folder or 'local:tiny-lm'")
      : new ModelLoadError("E803", id, `cannot load model '${id}' from the Hugging Face hub: ${detail}`, "check the id; the repository must hold ONNX weights in the transformers.js layout (onnx/model.onnx)");
  }
  return new ModelLoadError("E804", id, `cannot load model '${id}' from ${source.folder}: ${detail}`, "the folder must hold a transformers.js ONNX export of a causal LM");
}

interface ModelFiles {
  readonly tokenizerJson: unknown;
  readonly config: Record<string, unknown>;
  readonly generationConfig: Record<string, unknown>;
}

class TransformersModel implements LogitsModel {
  readonly id: string;
  readonly capabilities = { logits: true, fork: true } as const;
  readonly vocabSize: number;
  readonly eosTokenIds: readonly number[];
  readonly bosTokenId: number | undefined;
  readonly contextLength: number;
  readonly tokenizerJson: unknown;
  readonly chatTemplate?: string;
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #encode: (text: string) => number[];
  readonly #model: PreTrainedModel;

  constructor(id: string, source: ModelSource, tokenizer: PreTrainedTokenizer, model: PreTrainedModel) {
    this.id = id;
    this.#tokenizer = tokenizer;
    this.#encode = dataEncoder(tokenizer);
    this.#model = model;
    const files = readModelFiles(source, tokenizer, model);
    this.tokenizerJson = files.tokenizerJson;
    this.vocabSize = numberOr(files.config.vocab_size, tokenizer.get_vocab().size);
    this.eosTokenIds = eosIds(files);
    this.bosTokenId = detectBos(tokenizer);
    this.contextLength = numberOr(files.config.max_position_embeddings, numberOr(files.config.n_positions, 2048));
    const template = tokenizer.chat_template;
    if (typeof template === "string") this.chatTemplate = template;
  }

  /** Text is data: `<|system|>` in it is spelled with ordinary tokens, never the special one. */
  encode(text: string): number[] {
    return this.#encode(text);
  }

  decode(ids: readonly number[]): string {
    return this.#tokenizer.decode([...ids], { skip_special_tokens: false });
  }

  async createSession(): Promise<ModelSession> {
    return new KvCacheSession(this.#model as unknown as ForwardModel, this.vocabSize, this.contextLength);
  }

  async feedMany(sessions: readonly ModelSession[], tokens: readonly (readonly number[])[]): Promise<Float32Array[]> {
    if (sessions.every((s) => s instanceof KvCacheSession)) return KvCacheSession.feedMany(sessions, tokens);
    const out: Float32Array[] = [];
    for (const [i, s] of sessions.entries()) out.push(await s.feed(tokens[i]));
    return out;
  }

  async dispose(): Promise<void> {
    await this.#model.dispose();
  }
}

function readModelFiles(source: ModelSource, tokenizer: PreTrainedTokenizer, model: PreTrainedModel): ModelFiles {
  if (source.kind === "folder") {
    const read = (file: string): Record<string, unknown> => {
      try {
        return JSON.parse(readFileSync(join(source.folder, file), "utf8")) as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    return { tokenizerJson: read("tokenizer.json"), config: read("config.json"), generationConfig: read("generation_config.json") };
  }
  // Hub models: transformers.js keeps the parsed files it downloaded.
  const internals = tokenizer as unknown as { _tokenizerJSON?: unknown };
  const loaded = model as unknown as { config?: Record<string, unknown>; generation_config?: Record<string, unknown> };
  return { tokenizerJson: internals._tokenizerJSON, config: loaded.config ?? {}, generationConfig: loaded.generation_config ?? {} };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function eosIds(files: ModelFiles): number[] {
  const ids = new Set<number>();
  for (const value of [files.generationConfig.eos_token_id, files.config.eos_token_id]) {
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === "number") ids.add(id);
  }
  return [...ids];
}

/** The bos id is whatever the tokenizer's post-processor puts in front of a text, if anything. */
function detectBos(tokenizer: PreTrainedTokenizer): number | undefined {
  const plain = tokenizer.encode("a", { add_special_tokens: false });
  const special = tokenizer.encode("a", { add_special_tokens: true });
  return special.length > plain.length && special[special.length - 1] === plain[plain.length - 1] ? special[0] : undefined;
}
