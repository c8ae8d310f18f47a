/**
 * Loads grammar/lmql.tmLanguage.json into vscode-textmate (with the oniguruma WASM regex engine, as
 * VS Code does) and tokenizes whole files into (text, scopes) pairs for assertions.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";

export const grammarPath = fileURLToPath(new URL("../../grammar/lmql.tmLanguage.json", import.meta.url));

export interface Token { readonly line: number; readonly text: string; readonly scopes: readonly string[] }
export interface TokenizedFile { readonly tokens: readonly Token[]; readonly endsAtTopLevel: boolean; readonly stoppedEarly: boolean }

let loaded: Promise<textmate.IGrammar> | undefined;

export function loadLmqlGrammar(): Promise<textmate.IGrammar> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<textmate.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === "source.lmql" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar("source.lmql");
  if (grammar === null) throw new Error("source.lmql did not load");
  return grammar;
}

export async function tokenizeText(text: string): Promise<TokenizedFile> {
  const grammar = await loadLmqlGrammar();
  const lines = text.split(/\r?\n/);
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  let stoppedEarly = false;
  lines.forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    stoppedEarly ||= result.stoppedEarly;
    result.tokens.forEach((token) => {
      tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    });
    stack = result.ruleStack;
  });
  // INITIAL is a sentinel; the top-level state proper is the one after an empty line.
  const topLevel = grammar.tokenizeLine("", textmate.INITIAL).ruleStack;
  return { tokens, endsAtTopLevel: stack.equals(topLevel), stoppedEarly };
}

/** The scopes of the first token on `line` (0-based) whose text is exactly `text`, after `from` tokens of that text. */
export function scopesOf(file: TokenizedFile, line: number, text: string, occurrence = 0): readonly string[] {
  const hits = file.tokens.filter((t) => t.line === line && t.text === text);
  const hit = hits[occurrence];
  if (hit === undefined) {
    const seen = file.tokens.filter((t) => t.line === line).map((t) => JSON.stringify(t.text));
    throw new Error(`no token ${JSON.stringify(text)} (#${occurrence}) on line ${line}; tokens: ${seen.join(" ")}`);
  }
  return hit.scopes;
}
