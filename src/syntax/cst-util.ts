/** Reading Chevrotain CST nodes: children by name, tolerant of what error recovery left out. */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { span, type Span } from "../diagnostics/diagnostic.js";

export function isToken(e: CstElement): e is IToken {
  return "image" in e;
}

/** Tokens invented by error recovery have no position; they count as missing. */
function present(t: IToken): boolean {
  return !Number.isNaN(t.startOffset) && t.isInsertedInRecovery !== true;
}

export function tok(n: CstNode, name: string, i = 0): IToken | undefined {
  const e = n.children[name]?.[i];
  return e !== undefined && isToken(e) && present(e) ? e : undefined;
}

export function toks(n: CstNode, name: string): IToken[] {
  return (n.children[name] ?? []).filter((e): e is IToken => isToken(e) && present(e));
}

export function sub(n: CstNode, name: string, i = 0): CstNode | undefined {
  const e = n.children[name]?.[i];
  return e !== undefined && !isToken(e) ? e : undefined;
}

export function subs(n: CstNode, name: string): CstNode[] {
  return (n.children[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function tokSpan(t: IToken): Span {
  return span(t.startOffset, t.startOffset + t.image.length);
}

/** The node's extent; recovered nodes may lack a location, then their present tokens decide. */
export function nodeSpan(n: CstNode, fallback = 0): Span {
  const loc = n.location;
  if (loc !== undefined && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
    return span(loc.startOffset, loc.endOffset + 1);
  }
  const all = allTokens(n);
  if (all.length === 0) return span(fallback, fallback);
  return span(Math.min(...all.map((t) => t.startOffset)), Math.max(...all.map((t) => t.startOffset + t.image.length)));
}

function allTokens(n: CstNode): IToken[] {
  const out: IToken[] = [];
  const stack: CstNode[] = [n];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    for (const list of Object.values(cur.children)) {
      for (const e of list) {
        if (isToken(e)) {
          if (present(e)) out.push(e);
        } else {
          stack.push(e);
        }
      }
    }
  }
  return out;
}
