/**
 * A reader for grammar/lmql.ebnf (W3C EBNF): its sections and, per production, the names and
 * literals its right-hand side mentions. Enough for the sync test; it does not build a parser.
 */

export interface Production {
  readonly name: string;
  readonly section: string;
  /** Names used on the right-hand side (productions or tokens). */
  readonly names: ReadonlySet<string>;
  /** Quoted literals on the right-hand side, without their quotes: `where`, `(`. */
  readonly literals: ReadonlySet<string>;
  /** 1-based line of the production's name, for messages. */
  readonly line: number;
}

export interface EbnfFile {
  readonly productions: readonly Production[];
  readonly sections: readonly string[];
}

type Lexeme =
  | { readonly kind: "name"; readonly text: string; readonly line: number }
  | { readonly kind: "define"; readonly line: number }
  | { readonly kind: "literal"; readonly text: string; readonly line: number }
  | { readonly kind: "section"; readonly text: string; readonly line: number }
  | { readonly kind: "other"; readonly line: number };

const LEXEME = /(\/\*[\s\S]*?\*\/)|(::=)|('[^']*'|"[^"]*")|(\[(?:[^\]]|\](?=[^\s|)?*+]*\]))*\])|(#x[0-9A-Fa-f]+)|([A-Za-z_][A-Za-z0-9_-]*)|(\s+)|([()|?*+-])/y;

function lexemes(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let at = 0;
  const lineAt = (offset: number): number => text.slice(0, offset).split("\n").length;
  while (at < text.length) {
    LEXEME.lastIndex = at;
    const m = LEXEME.exec(text);
    if (m === null) throw new Error(`lmql.ebnf:${lineAt(at)}: cannot read ${JSON.stringify(text.slice(at, at + 20))}`);
    const line = lineAt(at);
    const [all, comment, define, literal, , , name] = m;
    if (comment !== undefined) {
      const section = /^\/\*\s*@section\s+(\S+)/.exec(comment);
      if (section !== null) out.push({ kind: "section", text: section[1]!, line });
    } else if (define !== undefined) out.push({ kind: "define", line });
    else if (literal !== undefined) out.push({ kind: "literal", text: literal.slice(1, -1), line });
    else if (name !== undefined) out.push({ kind: "name", text: name, line });
    else if (!/^\s+$/.test(all)) out.push({ kind: "other", line });
    at += all.length;
  }
  return out;
}

export function readEbnf(text: string): EbnfFile {
  const items = lexemes(text);
  const productions: Production[] = [];
  const sections: string[] = [];
  let section = "";
  let current: { name: string; section: string; names: Set<string>; literals: Set<string>; line: number } | undefined;
  items.forEach((item, i) => {
    const next = items[i + 1];
    if (item.kind === "section") {
      section = item.text;
      sections.push(section);
    } else if (item.kind === "name" && next?.kind === "define") {
      current = { name: item.text, section, names: new Set(), literals: new Set(), line: item.line };
      productions.push(current);
    } else if (current !== undefined && item.kind === "name") current.names.add(item.text);
    else if (current !== undefined && item.kind === "literal") current.literals.add(item.text);
  });
  return { productions, sections };
}
