/**
 * Keeps grammar/lmql.ebnf in step with the Chevrotain parser: the "syntax" section holds exactly
 * the parser's rules, and each production mentions the same sub-rules and tokens as the rule it
 * documents. Conventions are described at the top of lmql.ebnf.
 */
import type { ISerializedGast, TokenType } from "chevrotain";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { serializedGrammar } from "../../src/syntax/parser.js";
import { parserTokens } from "../../src/syntax/tokens.js";
import { readEbnf, type Production } from "./ebnf.js";

const ebnfPath = fileURLToPath(new URL("../../grammar/lmql.ebnf", import.meta.url));
const ebnf = readEbnf(readFileSync(ebnfPath, "utf8"));
/** Chevrotain types serialized nodes by their common shape only; rules and terminals carry a name. */
type GastNode = ISerializedGast & { readonly name: string; readonly separator?: ISerializedGast };
const rules = serializedGrammar() as GastNode[];
const ruleNames = new Set(rules.map((r) => r.name));
const tokensByName = new Map<string, TokenType>(parserTokens.map((t) => [t.name, t]));

/** A token with a fixed text (label `'where'`) is written as that literal; others by name. */
function canonicalTerminal(name: string): string {
  const label = tokensByName.get(name)?.LABEL;
  return label !== undefined && /^'.+'$/.test(label) ? `literal ${label.slice(1, -1)}` : `token ${name}`;
}

interface References {
  readonly rules: Set<string>;
  readonly terminals: Set<string>;
}

function gastReferences(node: ISerializedGast, into: References): References {
  const n = node as GastNode;
  if (n.type === "NonTerminal") into.rules.add(n.name);
  if (n.type === "Terminal") into.terminals.add(canonicalTerminal(n.name));
  if (n.separator !== undefined) gastReferences(n.separator, into);
  for (const child of n.definition ?? []) gastReferences(child, into);
  return into;
}

function ebnfReferences(p: Production): References {
  const refs: References = { rules: new Set(), terminals: new Set() };
  for (const name of p.names) {
    if (ruleNames.has(name)) refs.rules.add(name);
    else refs.terminals.add(canonicalTerminal(name));
  }
  for (const literal of p.literals) refs.terminals.add(`literal ${literal}`);
  return refs;
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();
const productionsIn = (section: string): Production[] => ebnf.productions.filter((p) => p.section === section);

describe("grammar/lmql.ebnf", () => {
  it("has the documented sections, in order", () => {
    expect(ebnf.sections).toEqual(["syntax", "layout", "tokens", "prompt", "precedence", "constraints"]);
  });

  it("defines each production once", () => {
    const seen = new Map<string, number>();
    const duplicates = ebnf.productions.filter((p) => {
      const first = seen.get(p.name);
      seen.set(p.name, p.line);
      return first !== undefined;
    });
    expect(duplicates.map((p) => `${p.name} (line ${p.line})`)).toEqual([]);
  });

  it("has exactly the parser's rules in its syntax section", () => {
    const documented = new Set(productionsIn("syntax").map((p) => p.name));
    expect(sorted([...ruleNames].filter((r) => !documented.has(r))), "parser rules missing from the EBNF").toEqual([]);
    expect(sorted([...documented].filter((r) => !ruleNames.has(r))), "EBNF syntax productions that are no parser rule").toEqual([]);
  });

  it("gives each syntax production the sub-rules and tokens of its parser rule", () => {
    const mismatches: string[] = [];
    for (const rule of rules) {
      const production = ebnf.productions.find((p) => p.name === rule.name && p.section === "syntax");
      if (production === undefined) continue;
      const parser = gastReferences(rule, { rules: new Set(), terminals: new Set() });
      const documented = ebnfReferences(production);
      const diff = (a: Set<string>, b: Set<string>): string[] => sorted([...a].filter((x) => !b.has(x)));
      const missing = [...diff(parser.rules, documented.rules), ...diff(parser.terminals, documented.terminals)];
      const extra = [...diff(documented.rules, parser.rules), ...diff(documented.terminals, parser.terminals)];
      if (missing.length > 0) mismatches.push(`${rule.name} (line ${production.line}) lacks ${missing.join(", ")}`);
      if (extra.length > 0) mismatches.push(`${rule.name} (line ${production.line}) has extra ${extra.join(", ")}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("defines every name it uses", () => {
    const defined = new Set(ebnf.productions.map((p) => p.name));
    const undefinedNames = ebnf.productions.flatMap((p) => [...p.names].filter((n) => !defined.has(n)).map((n) => `${n} in ${p.name}`));
    expect(undefinedNames).toEqual([]);
  });

  it("names tokens after the lexer's tokens and everything else by section convention", () => {
    const problems: string[] = [];
    for (const p of ebnf.productions) {
      const upper = /^[A-Z][A-Za-z]*$/.test(p.name);
      if (p.section === "syntax" && !/^[a-z][A-Za-z]*$/.test(p.name)) problems.push(`${p.name}: parser rules are lowerCamelCase`);
      if (p.section !== "syntax" && upper && !tokensByName.has(p.name)) problems.push(`${p.name}: no such token in src/syntax/tokens.ts`);
      if (p.section !== "syntax" && upper && p.section !== "tokens") problems.push(`${p.name}: tokens belong in the tokens section`);
      if (p.section !== "syntax" && !upper && !/^[a-z]+(?:-[a-z]+)*$/.test(p.name)) problems.push(`${p.name}: reference productions are kebab-case`);
    }
    expect(problems).toEqual([]);
  });

  it("defines every token the parser consumes in its tokens section or writes it as a literal", () => {
    const tokenSection = new Set(productionsIn("tokens").map((p) => p.name));
    const consumed = new Set<string>();
    for (const rule of rules) gastReferences(rule, { rules: new Set(), terminals: consumed });
    const byName = sorted(consumed).filter((t) => t.startsWith("token ")).map((t) => t.slice("token ".length));
    expect(byName.filter((name) => !tokenSection.has(name))).toEqual([]);
  });
});
