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

/** `line` is 0-based; `start` is the offset of the token in the whole text. */
export interface Token { readonly line: number; readonly start: number; readonly text: string; readonly scopes: readonly string[] }
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
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  let stoppedEarly = false;
  const lineBreak = /\r?\n/g;
  let lineStart = 0;
  for (let line = 0; ; line++) {
    const m = lineBreak.exec(text);
    const lineText = text.slice(lineStart, m === null ? text.length : m.index);
    const result = grammar.tokenizeLine(lineText, stack);
    stoppedEarly ||= result.stoppedEarly;
    for (const token of result.tokens) {
      const tokenText = lineText.slice(token.startIndex, token.endIndex);
      tokens.push({ line, start: lineStart + token.startIndex, text: tokenText, scopes: token.scopes });
    }
    stack = result.ruleStack;
    if (m === null) break;
    lineStart = m.index + m[0].length;
  }
  // INITIAL is a sentinel; the top-level state proper is the one after an empty line.
  const topLevel = grammar.tokenizeLine("", textmate.INITIAL).ruleStack;
  return { tokens, endsAtTopLevel: stack.equals(topLevel), stoppedEarly };
}

/** The scopes of the `occurrence`-th token on `line` (0-based) whose text is exactly `text`. */
/** The scopes at `offset` in the text. */
export function scopesAt(file: TokenizedFile, offset: number): readonly string[] {
  const hit = file.tokens.find((t) => t.start <= offset && offset < t.start + t.text.length);
  if (hit === undefined) throw new Error(`no token at offset ${offset}`);
  return hit.scopes;
}

export function scopesOf(file: TokenizedFile, line: number, text: string, occurrence = 0): readonly string[] {
  const hits = file.tokens.filter((t) => t.line === line && t.text === text);
  const hit = hits[occurrence];
  if (hit === undefined) {
    const seen = file.tokens.filter((t) => t.line === line).map((t) => JSON.stringify(t.text));
    throw new Error(`no token ${JSON.stringify(text)} (#${occurrence}) on line ${line}; tokens: ${seen.join(" ")}`);
  }
  return hit.scopes;
}
