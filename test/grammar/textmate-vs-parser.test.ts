/**
 * The editor grammar and the parser must agree on what a reader cares about most: which strings
 * are prompts, where holes, interpolations and role tags are, and which strings are plain code.
 * Every example (and every fixture that parses cleanly) is read by both and compared at the
 * offsets the AST records.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { allTokens, Identifier } from "../../src/syntax/tokens.js";
import { scopesAt, tokenizeText } from "./textmate-harness.js";

const dirs = [
  fileURLToPath(new URL("../../examples/", import.meta.url)),
  fileURLToPath(new URL("./fixtures/", import.meta.url)),
];
const files = dirs.flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith(".lmql")).sort().map((n) => dir + n));

interface Located { readonly kind: string; readonly at: number }

/** Every node of the kinds we compare, found by walking the plain AST objects. */
function collect(node: unknown, into: Located[]): Located[] {
  if (Array.isArray(node)) {
    for (const child of node) collect(child, into);
  } else if (typeof node === "object" && node !== null) {
    const n = node as { kind?: unknown; span?: { start: number }; nameSpan?: { start: number } };
    if (n.kind === "hole" && n.nameSpan !== undefined) into.push({ kind: "hole", at: n.nameSpan.start });
    else if (typeof n.kind === "string" && n.span !== undefined) into.push({ kind: n.kind, at: n.span.start });
    for (const value of Object.values(node)) collect(value, into);
  }
  return into;
}

/** The innermost string scope decides whether the text is a prompt or a code string. */
function innermostString(scopes: readonly string[]): string | undefined {
  return scopes.filter((s) => s.startsWith("string.")).at(-1);
}

describe("TextMate scopes agree with the parser", () => {
  it.each(files)("%s", async (path) => {
    const text = readFileSync(path, "utf8");
    const parsed = parse({ name: path, text });
    if (parsed.diagnostics.some((d) => d.severity === "error")) {
      // Only fixtures may hold deliberate mistakes; every example must parse.
      expect(path.startsWith(dirs[0]!), parsed.diagnostics.map((d) => d.message).join("; ")).toBe(false);
      return;
    }
    const file = await tokenizeText(text);
    const disagreements: string[] = [];
    const check = (node: Located, ok: (scopes: readonly string[]) => boolean): void => {
      const scopes = scopesAt(file, node.at);
      if (!ok(scopes)) {
        const line = text.slice(0, node.at).split("\n").length;
        disagreements.push(`line ${line}: parser sees ${node.kind}, editor scopes ${scopes.slice(1).join(" ")}`);
      }
    };
    const nodes = collect(parsed.value, []);
    for (const node of nodes) {
      switch (node.kind) {
        case "prompt":
          check(node, (s) => innermostString(s)?.includes(".prompt.") === true);
          break;
        case "string":
          check(node, (s) => innermostString(s) !== undefined && !innermostString(s)!.includes(".prompt."));
          break;
        case "hole":
          check(node, (s) => s.includes("variable.other.hole.lmql"));
          break;
        case "role":
          check(node, (s) => s.includes("meta.role.lmql"));
          break;
        case "interpolation":
          check(node, (s) => s.includes("meta.interpolation.lmql"));
          break;
        default:
          break;
      }
    }
    expect(nodes.some((n) => n.kind === "prompt")).toBe(true);
    expect(disagreements).toEqual([]);
  });
});

describe("TextMate keywords agree with the lexer", () => {
  /** The lexer's keywords are the tokens that may also match as a name (`longer_alt: Identifier`). */
  const keywords = allTokens.filter((t) => t.LONGER_ALT === Identifier).map((t) => String(t.PATTERN).replace(/^\/|\/$/g, ""));

  it("highlights every keyword of the lexer as a keyword, constant or storage type", async () => {
    expect(keywords).toContain("where");
    const notKeywords: string[] = [];
    for (const word of keywords) {
      const file = await tokenizeText(`x = y ${word} z`);
      const scopes = file.tokens.find((t) => t.text === word)?.scopes ?? [];
      if (!scopes.some((s) => /^(keyword|storage\.(type|modifier)|constant\.language)\./.test(s))) notKeywords.push(`${word}: ${scopes.join(" ")}`);
    }
    expect(notKeywords).toEqual([]);
  });

  it("does not highlight names the lexer reads as identifiers as keywords", async () => {
    for (const word of ["match", "case", "argmax", "self", "print_all", "wherever"]) {
      const file = await tokenizeText(`x = y + ${word}`);
      const scopes = file.tokens.find((t) => t.text === word)?.scopes ?? [];
      expect(scopes.some((s) => s.startsWith("keyword.")), word).toBe(false);
    }
  });
});
