import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderTmLanguage } from "../../scripts/grammar/tmlanguage.js";
import { grammarPath, scopesOf, tokenizeText, type TokenizedFile } from "./textmate-harness.js";

const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const examplesDir = fileURLToPath(new URL("../../examples/", import.meta.url));

function lmqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".lmql"))
    .sort()
    .map((name) => dir + name);
}

async function fixture(name: string): Promise<TokenizedFile> {
  return tokenizeText(readFileSync(fixturesDir + name, "utf8"));
}

const has = (scopes: readonly string[], prefix: string): boolean => scopes.some((s) => s.startsWith(prefix));
const isPrompt = (scopes: readonly string[]): boolean => scopes.some((s) => /^string\.quoted\..*\.prompt\.lmql$/.test(s));

describe("lmql.tmLanguage.json", () => {
  it("is the output of scripts/grammar/tmlanguage.ts (regenerate with generate-tmlanguage.ts)", () => {
    expect(readFileSync(grammarPath, "utf8")).toBe(renderTmLanguage());
  });

  it("gives hole names the hole scope, in every hole form", async () => {
    const file = await fixture("prompts.lmql");
    for (const [line, name] of [[2, "WORD"], [3, "AGE"], [4, "DATE"], [5, "LOUD"], [6, "CHOICE"], [6, "SUB"], [7, "RAW_HOLE"], [8, "FIRST"], [9, "SECOND"], [10, "Q"]] as const) {
      const scopes = scopesOf(file, line, name);
      expect(scopes, name).toContain("variable.other.hole.lmql");
      expect(scopes, name).toContain("meta.hole.lmql");
      expect(isPrompt(scopes), name).toBe(true);
    }
    expect(scopesOf(file, 3, "int")).toContain("support.type.hole.lmql");
    expect(scopesOf(file, 6, "pick")).toContain("entity.name.function.query.lmql");
    expect(scopesOf(file, 6, "helper")).toContain("entity.name.function.query.lmql");
    expect(scopesOf(file, 5, "shout")).toContain("entity.name.function.decorator.lmql");
    expect(has(scopesOf(file, 4, "[0-9]{2}/[0-9]{2}"), "string.quoted.single.raw")).toBe(true);
  });

  it("keeps a hole's regex with nested quotes inside the hole", async () => {
    const file = await fixture("inline.lmql");
    expect(has(scopesOf(file, 1, "[a-z]+"), "string.quoted.double.raw")).toBe(true);
    expect(scopesOf(file, 1, "]")).toContain("punctuation.definition.hole.end.lmql");
    expect(isPrompt(scopesOf(file, 1, "!"))).toBe(true);
  });

  it("embeds code in {expr} interpolations and marks role tags and escapes", async () => {
    const file = await fixture("prompts.lmql");
    const topic = scopesOf(file, 1, "topic");
    expect(topic).toContain("meta.embedded.inline.lmql");
    expect(topic).toContain("variable.other.lmql");
    expect(scopesOf(file, 1, "upper")).toContain("entity.name.function.call.lmql");
    expect(scopesOf(file, 0, "system")).toContain("entity.name.tag.role.lmql");
    expect(scopesOf(file, 2, "assistant")).toContain("entity.name.tag.role.lmql");
    expect(scopesOf(file, 1, "{{")).toContain("constant.character.escape.brace.lmql");
    expect(scopesOf(file, 1, "braces")).not.toContain("meta.interpolation.lmql");
    expect(scopesOf(file, 1, "\\n")).toContain("constant.character.escape.lmql");
    expect(scopesOf(file, 9, ">3")).toContain("storage.type.format.spec.lmql");
  });

  it("marks doubled brackets as escapes and a [ that opens no hole as an error", async () => {
    const file = await fixture("prompts.lmql");
    expect(scopesOf(file, 13, "[[")).toContain("constant.character.escape.bracket.lmql");
    expect(scopesOf(file, 13, "brackets")).not.toContain("meta.hole.lmql");
    expect(scopesOf(file, 13, "user")).toContain("entity.name.tag.role.lmql");
    const invalid = await fixture("invalid.lmql");
    expect(scopesOf(invalid, 1, "[0-9]")).toContain("invalid.illegal.hole.lmql");
  });

  it("recovers at the next line from an unclosed hole and an unterminated string", async () => {
    const invalid = await fixture("invalid.lmql");
    expect(scopesOf(invalid, 1, "HOLE")).toContain("variable.other.hole.lmql");
    expect(isPrompt(scopesOf(invalid, 2, "an unterminated string"))).toBe(true);
    expect(scopesOf(invalid, 3, "AFTER")).toContain("variable.other.hole.lmql");
    expect(isPrompt(scopesOf(invalid, 3, "AFTER"))).toBe(true);
  });

  it("makes every string of a prompt line a prompt: adjacent literals and after ;", async () => {
    const file = await fixture("prompts.lmql");
    expect(scopesOf(file, 14, "PART2")).toContain("variable.other.hole.lmql");
    expect(scopesOf(file, 14, "PART3")).toContain("variable.other.hole.lmql");
    expect(isPrompt(scopesOf(file, 14, "second "))).toBe(true);
  });

  it("does not resolve escapes in raw strings, yet a backslash-quote does not end them", async () => {
    const file = await fixture("prompts.lmql");
    expect(scopesOf(file, 7, "Raw \\d text ")).not.toContain("constant.character.escape.lmql");
    const inline = await fixture("inline.lmql");
    expect(scopesOf(inline, 5, "b")).toContain("string.quoted.double.raw.lmql");
    expect(scopesOf(inline, 5, "+")).toContain("keyword.operator.arithmetic.lmql");
  });

  it("continues a prompt over a \\ at the end of the line", async () => {
    const file = await fixture("prompts.lmql");
    expect(scopesOf(file, 11, "\\")).toContain("constant.character.escape.line-continuation.lmql");
    expect(scopesOf(file, 12, "CONT")).toContain("variable.other.hole.lmql");
    expect(isPrompt(scopesOf(file, 12, "on the next line with "))).toBe(true);
    expect(scopesOf(file, 12, "count")).toContain("meta.embedded.inline.lmql");
  });

  it("scopes query keywords, decoders and constraint functions", async () => {
    const classic = await fixture("classic.lmql");
    expect(scopesOf(classic, 1, "sample")).toContain("keyword.control.decoder.lmql");
    expect(scopesOf(classic, 6, "from")).toContain("keyword.control.query.lmql");
    expect(scopesOf(classic, 8, "where")).toContain("keyword.control.query.lmql");
    expect(scopesOf(classic, 9, "distribution")).toContain("keyword.control.query.lmql");
    expect(scopesOf(classic, 9, "LABEL")).toContain("variable.other.hole.lmql");
    expect(scopesOf(classic, 8, "STOPS_AT")).toContain("support.function.constraint.lmql");
    expect(scopesOf(classic, 8, "TOKENS")).toContain("support.function.constraint.lmql");
    expect(scopesOf(classic, 8, "len")).toContain("support.function.builtin.lmql");
    expect(scopesOf(classic, 8, "40")).toContain("constant.numeric.integer.lmql");
    const control = await fixture("control.lmql");
    expect(scopesOf(control, 0, "argmax")).toContain("keyword.control.decoder.lmql");
    expect(scopesOf(control, 1, "def")).toContain("storage.type.function.lmql");
    expect(scopesOf(control, 1, "pick")).toContain("entity.name.function.lmql");
    expect(scopesOf(control, 5, "lmql.query")).toContain("entity.name.function.decorator.lmql");
    expect(scopesOf(control, 8, "STOPS_BEFORE")).toContain("support.function.constraint.lmql");
    for (const [line, word] of [[13, "for"], [16, "if"], [17, "break"], [18, "elif"], [20, "else"], [21, "continue"], [24, "while"], [25, "pass"], [3, "return"]] as const) {
      expect(has(scopesOf(control, line, word), "keyword.control"), word).toBe(true);
    }
    expect(scopesOf(control, 19, "+=")).toContain("keyword.operator.assignment.augmented.lmql");
    expect(scopesOf(control, 22, "2.5")).toContain("constant.numeric.float.lmql");
  });

  it("marks # comments as comments, also after code", async () => {
    const control = await fixture("control.lmql");
    expect(scopesOf(control, 13, " three items")).toContain("comment.line.number-sign.lmql");
    const classic = await fixture("classic.lmql");
    expect(has(scopesOf(classic, 0, "#"), "comment.line")).toBe(true);
  });

  it("keeps strings after where, from, distribution and in code plain (not prompts)", async () => {
    const prompts = await fixture("prompts.lmql");
    const stop = scopesOf(prompts, 2, "\\n");
    expect(stop).toContain("meta.constraint.where.lmql");
    expect(has(stop, "string.quoted.double.lmql")).toBe(true);
    expect(isPrompt(stop)).toBe(false);
    const classic = await fixture("classic.lmql");
    for (const [line, text] of [[7, "local:tiny-lm"], [8, "\\n"], [9, " yes"]] as const) {
      const scopes = scopesOf(classic, line, text);
      expect(has(scopes, "string.quoted"), text).toBe(true);
      expect(isPrompt(scopes), text).toBe(false);
    }
    const inline = await fixture("inline.lmql");
    expect(isPrompt(scopesOf(inline, 0, "local:tiny-lm"))).toBe(false);
    expect(isPrompt(scopesOf(inline, 0, "[A-Z][a-z]+"))).toBe(false);
    expect(isPrompt(scopesOf(inline, 0, "Capital of "))).toBe(true);
    const assigned = scopesOf(inline, 2, "not a prompt {x} [NOT_A_HOLE]");
    expect(has(assigned, "string.quoted.double.lmql")).toBe(true);
    expect(isPrompt(assigned)).toBe(false);
  });

  it("runs a where clause on over a \\ continuation and ends it at the logical line end", async () => {
    const control = await fixture("control.lmql");
    expect(scopesOf(control, 14, "\\")).toContain("punctuation.separator.continuation.line.lmql");
    expect(scopesOf(control, 15, "TOKENS")).toContain("meta.constraint.where.lmql");
    expect(scopesOf(control, 16, "if")).not.toContain("meta.constraint.where.lmql");
  });

  it("treats the body of a '''lmql docstring as query code", async () => {
    const control = await fixture("control.lmql");
    const thought = scopesOf(control, 8, "THOUGHT");
    expect(thought).toContain("meta.embedded.block.lmql");
    expect(thought).toContain("variable.other.hole.lmql");
    expect(scopesOf(control, 10, "'''")).toContain("punctuation.definition.string.end.lmql");
    expect(scopesOf(control, 12, "items")).not.toContain("meta.embedded.block.lmql");
  });

  it("interpolates f-strings in code without making them prompts", async () => {
    const control = await fixture("control.lmql");
    const total = scopesOf(control, 23, "total");
    expect(total).toContain("meta.embedded.inline.lmql");
    expect(isPrompt(total)).toBe(false);
  });
});

describe("every .lmql file in examples/ and test/grammar/fixtures/ tokenizes", () => {
  const files = [...lmqlFiles(fixturesDir), ...lmqlFiles(examplesDir)];

  it.each(files)("%s", async (path) => {
    const text = readFileSync(path, "utf8");
    const file = await tokenizeText(text);
    expect(file.stoppedEarly).toBe(false);
    const lines = text.split(/\r?\n/);
    lines.forEach((line, index) => {
      const joined = file.tokens.filter((t) => t.line === index).map((t) => t.text).join("");
      expect(joined, `line ${index + 1}`).toBe(line);
    });
    // An unclosed region (string, bracket, clause) would leave the state stack deeper than at the start.
    expect(file.endsAtTopLevel).toBe(true);
    if (path.startsWith(examplesDir)) {
      const invalid = file.tokens.filter((t) => has(t.scopes, "invalid"));
      expect(invalid.map((t) => `line ${t.line + 1}: ${t.text}`)).toEqual([]);
    }
    for (const token of file.tokens) {
      const code = !has(token.scopes, "string") && !has(token.scopes, "comment");
      if (code && /^(where|distribution)$/.test(token.text)) expect(token.scopes).toContain("keyword.control.query.lmql");
      if (code && token.text.startsWith("#")) throw new Error(`line ${token.line + 1}: '#' outside string not a comment`);
    }
  });
});
