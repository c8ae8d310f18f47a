import { describe, expect, it } from "vitest";
import { error } from "../../src/diagnostics/diagnostic.js";
import { LineMap, renderDiagnostic } from "../../src/diagnostics/render.js";

describe("renderDiagnostic", () => {
  const source = { name: "q.lmql", text: 'x = 1\n"Hello [WHO" where\n' };

  it("prints file:line:col, the source line, a caret and the hint", () => {
    const d = error("E101", "unclosed hole", { start: 13, end: 17 }, "close it with ']'");
    expect(renderDiagnostic(d, source)).toBe(
      [
        "q.lmql:2:8: error[E101]: unclosed hole",
        "  |",
        '2 | "Hello [WHO" where',
        "  |        ^^^^",
        "  = hint: close it with ']'",
      ].join("\n"),
    );
  });

  it("maps offsets to 1-based lines and columns", () => {
    const lines = new LineMap("ab\ncd\n\nef");
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(6)).toEqual({ line: 3, column: 1 });
    expect(lines.position(8)).toEqual({ line: 4, column: 2 });
    expect(lines.position(999)).toEqual({ line: 4, column: 3 });
  });
});
