import type { Diagnostic, Source } from "./diagnostic.js";

/** 1-based line and column of an offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Offsets of each line's first character; built once per source when rendering. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo]! + 1 };
  }

  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}

/**
 * `file:line:col: error[CODE]: message`, the source line, a caret under the span, and the hint.
 * The caret covers the span on its first line (at least one character).
 */
export function renderDiagnostic(d: Diagnostic, source: Source, lines: LineMap = new LineMap(source.text)): string {
  const at = lines.position(d.span.start);
  const header = `${source.name}:${at.line}:${at.column}: ${d.severity}[${d.code}]: ${d.message}`;
  const text = lines.lineText(at.line);
  const gutter = String(at.line);
  const pad = " ".repeat(gutter.length);
  const end = lines.position(Math.max(d.span.end, d.span.start));
  const width = end.line === at.line ? Math.max(1, end.column - at.column) : Math.max(1, text.length - at.column + 1);
  const caretLine = " ".repeat(at.column - 1) + "^".repeat(width);
  const out = [header, `${pad} |`, `${gutter} | ${text}`, `${pad} | ${caretLine}`];
  if (d.hint !== undefined) out.push(`${pad} = hint: ${d.hint}`);
  return out.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: Source): string {
  const lines = new LineMap(source.text);
  return diagnostics.map((d) => renderDiagnostic(d, source, lines)).join("\n\n");
}

/** The JSON shape of `lmql check --json`: offsets plus computed 1-based line/column. */
export function diagnosticToJson(d: Diagnostic, source: Source, lines: LineMap = new LineMap(source.text)) {
  const start = lines.position(d.span.start);
  const end = lines.position(d.span.end);
  return {
    file: source.name,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    span: { start: d.span.start, end: d.span.end },
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}
