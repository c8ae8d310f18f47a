/** `lmql check FILE... [--json]`: parse and check each file, print diagnostics, exit by severity. */
import { parseArgs } from "node:util";
import { checkSource } from "../check/check-source.js";
import type { Diagnostic, Source } from "../diagnostics/diagnostic.js";
import { diagnosticToJson, LineMap, renderDiagnostics } from "../diagnostics/render.js";
import { EXIT } from "./main.js";
import { readQuery, type ReadQuery } from "./read-query.js";

/** EX_NOINPUT from sysexits.h: an input file did not exist or was not readable. */
const EXIT_NO_INPUT = 66;

const HELP = `Usage: lmql check FILE... [--json]

Parses and checks each query file and prints its diagnostics (errors and warnings) to stderr,
then a summary line. Names a query reads but never defines are its inputs: they are listed as
warnings, which do not fail the check.

Options:
  --json       print {"files":[{"file","diagnostics":[...],"inputs":[...]}]} on stdout instead
  -h, --help   show this help

Exit codes:
  0   no errors (warnings allowed)
  64  usage error (no FILE, unknown option)
  65  at least one file has errors
  66  a FILE does not exist or cannot be read
`;

interface FileReport {
  readonly source: Source;
  readonly diagnostics: readonly Diagnostic[];
  readonly inputs: readonly string[];
}

type Parsed = { readonly ok: true; readonly files: readonly string[]; readonly json: boolean; readonly help: boolean } | { readonly ok: false; readonly message: string };

function parseCommandLine(args: string[]): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, files: positionals, json: values.json === true, help: values.help === true };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

async function readSource(file: string): Promise<ReadQuery | string> {
  try {
    return await readQuery(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String(e);
    return `lmql check: cannot read ${file}: ${reason}`;
  }
}

function count(reports: readonly FileReport[], severity: Diagnostic["severity"]): number {
  return reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function printText(reports: readonly FileReport[], unreadable: number): void {
  for (const r of reports) if (r.diagnostics.length > 0) process.stderr.write(`${renderDiagnostics(r.diagnostics, r.source)}\n\n`);
  const summary = `checked ${plural(reports.length, "file")}: ${plural(count(reports, "error"), "error")}, ${plural(count(reports, "warning"), "warning")}`;
  const missing = unreadable === 0 ? "" : `; ${plural(unreadable, "file")} could not be read`;
  process.stderr.write(`${summary}${missing}\n`);
}

function printJson(reports: readonly FileReport[]): void {
  const files = reports.map((r) => {
    const lines = new LineMap(r.source.text);
    return { file: r.source.name, diagnostics: r.diagnostics.map((d) => diagnosticToJson(d, r.source, lines)), inputs: r.inputs };
  });
  process.stdout.write(`${JSON.stringify({ files })}\n`);
}

export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (!parsed.ok) {
    process.stderr.write(`lmql check: ${parsed.message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (parsed.files.length === 0) {
    process.stderr.write(`lmql check: no FILE given\n\n${HELP}`);
    return EXIT.usage;
  }
  const reports: FileReport[] = [];
  let unreadable = 0;
  for (const read of await Promise.all(parsed.files.map(readSource))) {
    if (typeof read === "string") {
      process.stderr.write(`${read}\n`);
      unreadable++;
      continue;
    }
    const { value, diagnostics } = checkSource(read.source);
    reports.push({ source: read.source, diagnostics: read.encoding === undefined ? diagnostics : [read.encoding, ...diagnostics], inputs: value.inputs });
  }
  if (parsed.json) printJson(reports);
  else printText(reports, unreadable);
  if (unreadable > 0) return EXIT_NO_INPUT;
  return count(reports, "error") > 0 ? EXIT.dataErr : EXIT.ok;
}
