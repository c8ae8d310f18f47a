/** `lmql check`: exit codes 0/64/65/66, the rendered and JSON outputs. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkCommand } from "../../src/cli/check-command.js";

let out = "";
let err = "";
let dir = "";

beforeEach(() => {
  out = "";
  err = "";
  dir = mkdtempSync(join(tmpdir(), "lmql-check-"));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const CLEAN = `"Hello [WHO]" where STOPS_AT(WHO, "\\n") and len(TOKENS(WHO)) < 5\n`;
const WITH_INPUT = `"Capital of {country}: [A]" where len(TOKENS(A)) < 5\n`;
const BROKEN = `"Hello [WHO]" where STOPS_AT(WHOM, ".")\n`;

describe("lmql check", () => {
  it("exits 0 on a clean file and prints a summary", async () => {
    expect(await checkCommand([file("ok.lmql", CLEAN)])).toBe(0);
    expect(err).toContain("checked 1 file: 0 errors, 0 warnings");
  });

  it("exits 0 when there are only warnings, and shows them", async () => {
    const path = file("input.lmql", WITH_INPUT);
    expect(await checkCommand([path])).toBe(0);
    expect(err).toContain(`${path}:1:14: warning[W200]: \`country\` is never defined`);
    expect(err).toContain("0 errors, 1 warning");
  });

  it("exits 65 when a file has errors, rendering file:line:col and a caret", async () => {
    const path = file("bad.lmql", BROKEN);
    expect(await checkCommand([file("ok.lmql", CLEAN), path])).toBe(65);
    expect(err).toContain(`${path}:1:30: error[E223]`);
    expect(err).toMatch(/\n1 \| "Hello \[WHO\]" where STOPS_AT\(WHOM, "\."\)\n {2}\| {30}\^\^\^\^\n/);
    expect(err).toContain("checked 2 files: 1 error");
  });

  it("exits 64 on usage errors", async () => {
    expect(await checkCommand([])).toBe(64);
    expect(err).toContain("no FILE given");
    expect(await checkCommand(["--frobnicate", file("ok.lmql", CLEAN)])).toBe(64);
    expect(err).toContain("--frobnicate");
  });

  it("exits 66 naming a file that cannot be read, still checking the others", async () => {
    const missing = join(dir, "missing.lmql");
    expect(await checkCommand([missing, file("bad.lmql", BROKEN)])).toBe(66);
    expect(err).toContain(`cannot read ${missing}: no such file`);
    expect(err).toContain("error[E223]");
    expect(err).toContain("checked 1 file: 1 error, 0 warnings; 1 file could not be read");
    expect(await checkCommand([dir])).toBe(66);
    expect(err).toContain("is a directory");
  });

  it("--help documents the exit codes", async () => {
    expect(await checkCommand(["--help"])).toBe(0);
    expect(out).toMatch(/64 .*usage/);
    expect(out).toMatch(/66 .*cannot be read/);
  });

  it("--json prints files with diagnostics and inputs on stdout", async () => {
    const a = file("input.lmql", WITH_INPUT);
    const b = file("bad.lmql", BROKEN);
    expect(await checkCommand(["--json", a, b])).toBe(65);
    const parsed = JSON.parse(out) as { files: { file: string; diagnostics: Record<string, unknown>[]; inputs: string[] }[] };
    expect(parsed.files.map((f) => f.file)).toEqual([a, b]);
    expect(parsed.files[0]!.inputs).toEqual(["country"]);
    expect(parsed.files[0]!.diagnostics).toEqual([
      expect.objectContaining({ file: a, severity: "warning", code: "W200", line: 1, column: 14, span: { start: 13, end: 20 } }),
    ]);
    expect(parsed.files[1]!.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "E223", line: 1, column: 30, endColumn: 34 })]);
    expect(err).toBe("");
  });
});
