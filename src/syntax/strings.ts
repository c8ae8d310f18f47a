/**
 * String literal tokens to AST: prompts (text, `{expr}`, `[HOLE]`, `{:role}`) and strings in code
 * position (plain strings and f-strings). Adjacent literals are concatenated.
 */
import type { IToken } from "chevrotain";
import { joinSpans, span, type Span } from "../diagnostics/diagnostic.js";
import type { Expr, FStringPart, PromptSegment } from "./ast.js";
import type { ConvertContext } from "./convert-context.js";
import { syntaxErrors } from "./errors.js";
import { decodeEscape, decodeString } from "./escapes.js";
import { isFormatPrefix, isRawPrefix, isTypedHoleStart, scanBracketed, scanString, type StringShape } from "./string-scan.js";
import type { StringPayload } from "./tokens.js";

/** The parts of a string token, from its image (the lexer decided where it ends). */
export function bodyOf(t: IToken): StringShape {
  const image = t.image;
  const prefix = /^[rRfFbBuU]{0,2}/.exec(image)![0];
  const q = image[prefix.length] ?? '"';
  const delimiter = image.startsWith(q + q + q, prefix.length) ? q + q + q : q;
  const end = t.startOffset + image.length;
  const terminated = (t.payload as StringPayload | undefined)?.terminated ?? true;
  const bodyStart = Math.min(end, t.startOffset + prefix.length + delimiter.length);
  const bodyEnd = terminated ? Math.max(bodyStart, end - delimiter.length) : end;
  return { prefix, delimiter, bodyStart, bodyEnd, end, terminated };
}

export function tokenSpan(t: IToken): Span {
  return span(t.startOffset, t.startOffset + t.image.length);
}

// ---------------------------------------------------------------- prompts

class SegmentBuilder {
  readonly segments: PromptSegment[] = [];
  private text = "";
  private textStart = -1;

  add(chars: string, start: number): void {
    if (this.textStart < 0) this.textStart = start;
    this.text += chars;
  }

  flush(end: number): void {
    if (this.textStart >= 0 && this.text.length > 0) this.segments.push({ kind: "text", text: this.text, span: span(this.textStart, end) });
    this.text = "";
    this.textStart = -1;
  }

  push(segment: PromptSegment): void {
    this.segments.push(segment);
  }
}

export function promptSegments(ctx: ConvertContext, tokens: readonly IToken[]): PromptSegment[] {
  const b = new SegmentBuilder();
  for (const t of tokens) {
    const s = bodyOf(t);
    scanPromptBody(ctx, b, s);
    b.flush(s.bodyEnd);
  }
  return b.segments;
}

/**
 * Where scanning goes on after a step that ended at `i`. LMQL dedents the query's source before it
 * reads strings, and drops its blank lines on the way: after a line break inside a string, the
 * query's common indentation is skipped, and so is every following line holding only whitespace.
 */
function dedented(ctx: ConvertContext, i: number, end: number): number {
  const { text } = ctx;
  if (text[i - 1] !== "\n") return i;
  for (;;) {
    let j = i;
    while (j < end && (text[j] === " " || text[j] === "\t" || text[j] === "\f" || text[j] === "\r")) j++;
    if (j >= end || text[j] !== "\n") break;
    i = j + 1;
  }
  const indent = ctx.stringIndent;
  let k = 0;
  while (k < indent.length && i + k < end && text[i + k] === indent[k]) k++;
  return i + k;
}

function scanPromptBody(ctx: ConvertContext, b: SegmentBuilder, s: StringShape): void {
  const { text } = ctx;
  const raw = isRawPrefix(s.prefix);
  const end = s.bodyEnd;
  let i = s.bodyStart;
  while (i < end) {
    const c = text[i]!;
    if (c === "\\") {
      const e = raw ? { value: text.slice(i, i + 2), length: 2 } : decodeEscape(text, i);
      b.add(e.value, i);
      i = dedented(ctx, i + Math.min(e.length, end - i), end);
    } else if ((c === "{" || c === "}" || c === "[" || c === "]") && text[i + 1] === c) {
      b.add(c, i);
      i += 2;
    } else if (c === "{") {
      i = braced(ctx, b, s, i);
    } else if (c === "[") {
      i = bracketed(ctx, b, s, i);
    } else {
      b.add(c, i);
      i = dedented(ctx, i + 1, end);
    }
  }
}

/** `{...}` at `open`: an interpolation or role tag; returns where scanning goes on. */
function braced(ctx: ConvertContext, b: SegmentBuilder, s: StringShape, open: number): number {
  const close = scanBracketed(ctx.text, open, s.bodyEnd, s.delimiter.length === 1, ctx.depth);
  if (close === undefined) {
    ctx.diagnostics.push(syntaxErrors.unterminatedInterpolation(open, open + 1));
    b.add("{", open);
    return open + 1;
  }
  b.flush(open);
  b.push(interpolation(ctx, open, close));
  return close;
}

/** `[...]` at `open`: a hole; returns where scanning goes on. */
function bracketed(ctx: ConvertContext, b: SegmentBuilder, s: StringShape, open: number): number {
  const { text } = ctx;
  const close = isTypedHoleStart(text, open) ? scanBracketed(text, open, s.bodyEnd, s.delimiter.length === 1, ctx.depth) : plainClose(text, open, s.bodyEnd);
  if (close === undefined) {
    ctx.diagnostics.push(syntaxErrors.unterminatedHole(open, open + 1));
    b.add("[", open);
    return open + 1;
  }
  b.flush(open);
  const hole = ctx.holeAt(open + 1, close - 1, span(open, close));
  if (hole === undefined) {
    ctx.diagnostics.push(syntaxErrors.invalidHole(open, close, text.slice(open, close)));
    b.add(text.slice(open, close), open);
  } else {
    b.push(hole);
  }
  return close;
}

/** An untyped hole `[NAME]` closes at the next `]` on the line. */
function plainClose(text: string, open: number, end: number): number | undefined {
  for (let i = open + 1; i < end; i++) {
    const c = text[i];
    if (c === "]") return i + 1;
    if (c === "\n" || c === "[") return undefined;
  }
  return undefined;
}

/** `{:role}`, `{expr}`, `{expr:spec}`, `{expr!r}`: the offsets of the parts inside the braces. */
interface Braced {
  readonly exprEnd: number;
  readonly conversion?: "r" | "s" | "a";
  readonly formatSpec?: string;
}

function splitBraced(text: string, start: number, end: number): Braced {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const s = scanString(text, i, false);
      if (s !== undefined && s.terminated) i = s.end - 1;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && c === "!" && /[rsa]/.test(text[i + 1] ?? "") && (i + 2 === end || text[i + 2] === ":")) {
      const conversion = text[i + 1] as "r" | "s" | "a";
      const rest = text[i + 2] === ":" ? text.slice(i + 3, end) : undefined;
      return rest === undefined ? { exprEnd: i, conversion } : { exprEnd: i, conversion, formatSpec: rest };
    } else if (depth === 0 && c === ":" && text[i + 1] !== "=") {
      return { exprEnd: i, formatSpec: text.slice(i + 1, end) };
    }
  }
  return { exprEnd: end };
}

function interpolation(ctx: ConvertContext, open: number, close: number): PromptSegment {
  const { text } = ctx;
  const inner = text.slice(open + 1, close - 1);
  const at = span(open, close);
  if (/^\s*:/.test(inner)) return { kind: "role", role: inner.replace(/^\s*:/, "").trim(), span: at };
  const parts = splitBraced(text, open + 1, close - 1);
  const inside = embeddedExpr(ctx, open, parts.exprEnd, at);
  const expr = parts.conversion === undefined ? inside : converted(inside, parts.conversion, span(open + 1, close - 1));
  return parts.formatSpec === undefined ? { kind: "interpolation", expr, span: at } : { kind: "interpolation", expr, formatSpec: parts.formatSpec, span: at };
}

const CONVERSIONS = { r: "repr", s: "str", a: "ascii" } as const;

/** A prompt segment has no conversion field: `{x!r}` becomes `{repr(x)}`, which means the same. */
function converted(expr: Expr, conversion: "r" | "s" | "a", at: Span): Expr {
  const callee: Expr = { kind: "name", name: CONVERSIONS[conversion], span: span(expr.span.end, at.end) };
  return { kind: "call", callee, args: [{ kind: "positional", value: expr, span: expr.span }], span: at };
}

function embeddedExpr(ctx: ConvertContext, open: number, exprEnd: number, at: Span): Expr {
  if (ctx.text.slice(open + 1, exprEnd).trim() === "") {
    ctx.diagnostics.push(syntaxErrors.emptyInterpolation(at.start, at.end));
    return { kind: "error", span: at };
  }
  return ctx.expressionAt(open + 1, exprEnd);
}

// ---------------------------------------------------------------- strings in code

/** A string in code position: a StringExpr, or an FStringExpr when any part has an `f` prefix. */
export function codeString(ctx: ConvertContext, tokens: readonly IToken[]): Expr {
  const shapes = tokens.map((t) => bodyOf(t));
  const whole = joinSpans(tokenSpan(tokens[0]!), tokenSpan(tokens[tokens.length - 1]!));
  if (!shapes.some((s) => isFormatPrefix(s.prefix))) {
    const value = shapes.map((s) => decodeString(ctx.text, s.bodyStart, s.bodyEnd, isRawPrefix(s.prefix), { indent: ctx.stringIndent })).join("");
    return { kind: "string", value, raw: isRawPrefix(shapes[0]!.prefix), span: whole };
  }
  const parts: FStringPart[] = [];
  for (const s of shapes) {
    if (isFormatPrefix(s.prefix)) fstringParts(ctx, s, parts);
    else parts.push({ kind: "text", text: decodeString(ctx.text, s.bodyStart, s.bodyEnd, isRawPrefix(s.prefix), { indent: ctx.stringIndent }), span: span(s.bodyStart, s.bodyEnd) });
  }
  return { kind: "fstring", parts: mergeText(parts), span: whole };
}

function fstringParts(ctx: ConvertContext, s: StringShape, parts: FStringPart[]): void {
  const { text } = ctx;
  const raw = isRawPrefix(s.prefix);
  let i = s.bodyStart;
  let textStart = i;
  let buf = "";
  const flush = (end: number): void => {
    if (buf !== "") parts.push({ kind: "text", text: buf, span: span(textStart, end) });
    buf = "";
  };
  while (i < s.bodyEnd) {
    const c = text[i]!;
    if (c === "\\" && !raw) {
      const e = decodeEscape(text, i);
      buf += e.value;
      i = dedented(ctx, i + e.length, s.bodyEnd);
    } else if ((c === "{" || c === "}") && text[i + 1] === c) {
      buf += c;
      i += 2;
    } else if (c === "{") {
      const close = scanBracketed(text, i, s.bodyEnd, s.delimiter.length === 1, ctx.depth);
      if (close === undefined) {
        ctx.diagnostics.push(syntaxErrors.unterminatedInterpolation(i, i + 1));
        buf += c;
        i++;
        continue;
      }
      flush(i);
      const b = splitBraced(text, i + 1, close - 1);
      const at = span(i, close);
      const expr = embeddedExpr(ctx, i, b.exprEnd, at);
      parts.push({ kind: "interpolation", expr, ...(b.conversion ? { conversion: b.conversion } : {}), ...(b.formatSpec !== undefined ? { formatSpec: b.formatSpec } : {}), span: at });
      i = close;
      textStart = i;
    } else {
      if (buf === "") textStart = i;
      buf += c;
      i = dedented(ctx, i + 1, s.bodyEnd);
    }
  }
  flush(s.bodyEnd);
}

function mergeText(parts: FStringPart[]): FStringPart[] {
  const out: FStringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === "text" && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + p.text, span: joinSpans(last.span, p.span) };
    else out.push(p);
  }
  return out;
}
