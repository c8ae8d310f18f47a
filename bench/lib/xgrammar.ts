/**
 * XGrammar (`@mlc-ai/web-xgrammar`, WASM) as the reference peer. Its published file is a CommonJS
 * bundle with the wasm embedded, but its package.json says "type": "module", so neither `import` nor
 * `require` loads it: the source is compiled here as a CommonJS module by hand.
 */
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import type * as XGrammarApi from "@mlc-ai/web-xgrammar";
import { startClock, type Elapsed } from "./stats.js";

export type XGrammar = typeof XGrammarApi;

interface CommonJsModule {
  filename: string;
  paths: string[];
  exports: unknown;
  _compile(source: string, filename: string): void;
}

interface ModuleInternals {
  new (id: string): CommonJsModule;
  _nodeModulePaths(dir: string): string[];
}

let loaded: XGrammar | undefined;

export function loadXGrammar(): XGrammar {
  if (loaded !== undefined) return loaded;
  const resolve = createRequire(import.meta.url).resolve;
  const manifest = resolve("@mlc-ai/web-xgrammar/package.json");
  const file = `${dirname(manifest)}/lib/index.js`;
  const internals = Module as unknown as ModuleInternals;
  const module = new internals(file);
  module.filename = file;
  module.paths = internals._nodeModulePaths(dirname(file));
  module._compile(readFileSync(file, "utf8"), file);
  loaded = module.exports as XGrammar;
  return loaded;
}

export function xgrammarVersion(): string {
  const resolve = createRequire(import.meta.url).resolve;
  const manifest = resolve("@mlc-ai/web-xgrammar/package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

export interface XGrammarVocab {
  readonly tokenizerInfo: XGrammarApi.TokenizerInfo;
  readonly compiler: XGrammarApi.GrammarCompiler;
  readonly stopIds: readonly number[];
  readonly size: number;
  /** TokenizerInfo construction: XGrammar's vocabulary preparation. */
  readonly build: Elapsed;
}

export async function prepareXGrammarVocab(strings: string[], stopIds: readonly number[]): Promise<XGrammarVocab> {
  const xg = loadXGrammar();
  // Initialise the wasm binding outside the timed region: it is a one-time process cost.
  await xg.TokenizerInfo.createTokenizerInfo(["a"], "byte_level", false, 1, [0]).then((info) => info.dispose());
  const clock = startClock();
  const tokenizerInfo = await xg.TokenizerInfo.createTokenizerInfo(
    strings,
    "byte_level",
    false,
    strings.length,
    [...stopIds],
  );
  const build = clock();
  // No compile cache: every compile in the bench must be a real one.
  const compiler = await xg.GrammarCompiler.createGrammarCompiler(tokenizerInfo, false);
  return { tokenizerInfo, compiler, stopIds, size: strings.length, build };
}

export function disposeXGrammarVocab(vocab: XGrammarVocab): void {
  vocab.compiler.dispose();
  vocab.tokenizerInfo.dispose();
}
