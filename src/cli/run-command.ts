/**
 * `lmql run FILE [options]` (see run-args.ts): reading the file and printing only; `run()` does
 * the work. What the model or the query produced is escaped on a terminal (terminal-text.ts).
 */
import { createInterface, type Interface } from "node:readline/promises";
import { DEFAULT_MODEL, declaredModel } from "../api/default-model.js";
import type { RunOptions, RunResult } from "../api/result.js";
import { LmqlError, unreachable, type Source } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { PyError } from "../runtime/eval/errors.js";
import type { RunEvent } from "../runtime/run-events.js";
import { EXIT } from "./main.js";
import { readQuery, type ReadQuery } from "./read-query.js";
import { HELP, parseCommandLine, type Invocation } from "./run-args.js";
import { jsonText, terminalSafe } from "./terminal-text.js";

export async function runCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case "help":
      process.stdout.write(HELP);
      return EXIT.ok;
    case "usage":
      process.stderr.write(`lmql run: ${parsed.message}\n\n${HELP}`);
      return EXIT.usage;
    case "run":
      return execute(parsed.invocation);
  }
}

async function execute(inv: Invocation): Promise<number> {
  let read: ReadQuery;
  try {
    read = await readQuery(inv.file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    process.stderr.write(`lmql run: cannot read ${inv.file}: ${code === "ENOENT" ? "no such file" : String(e)}\n`);
    return EXIT.usage;
  }
  const { source } = read;
  const text = source.text;
  if (read.encoding !== undefined) {
    toStderr(`${renderDiagnostics([read.encoding], source)}\n`);
    return EXIT.dataErr;
  }
  const progress = inv.json ? progressOnly(process.stderr.isTTY === true) : undefined;
  const printer = inv.json ? undefined : new StreamPrinter(process.stdout.isTTY === true, process.stderr.isTTY === true);
  const onEvent = printer === undefined ? progress! : (e: RunEvent) => printer.event(e);
  // The model loads (native code, off the main thread) while the parser is built and runs.
  const modelId = inv.model ?? declaredModel(text) ?? DEFAULT_MODEL;
  const warm = import("../api/model-cache.js").then((m) =>
    m.loadModel(modelId, (p) => onEvent({ type: "model-loading", model: modelId, ...(p.progress === undefined ? {} : { progress: p.progress }), ...(p.file === undefined ? {} : { file: p.file }) })),
  );
  warm.catch(() => undefined);
  const { compile } = await import("../api/compile.js");
  const compiled = compile(source);
  if (compiled.kind === "error") {
    toStderr(`${renderDiagnostics(compiled.diagnostics, source)}\n`);
    return EXIT.dataErr;
  }
  for (const name of Object.keys(inv.args)) {
    if (!compiled.query.inputs.includes(name)) toStderr(`lmql run: warning: --arg ${name}: the query has no input named '${name}' (its inputs: ${compiled.query.inputs.join(", ") || "none"})\n`);
  }
  const options: RunOptions = {
    args: inv.args,
    ...(inv.model === undefined ? {} : { model: inv.model }),
    ...(inv.seed === undefined ? {} : { seed: inv.seed }),
    ...(inv.maxTokens === undefined ? {} : { maxTokens: inv.maxTokens }),
    ...(inv.maxTokensPerHole === undefined ? {} : { maxTokensPerHole: inv.maxTokensPerHole }),
    ...(inv.maxSteps === undefined ? {} : { maxSteps: inv.maxSteps }),
    ...(inv.timeoutMs === undefined ? {} : { timeoutMs: inv.timeoutMs }),
    onEvent,
  };
  const terminal = new LineInput();
  let result: RunResult;
  try {
    const { run } = await import("../api/run.js");
    result = await run(compiled.query, { ...options, input: (prompt) => terminal.ask(prompt) });
  } catch (e) {
    printer?.finishLine();
    if (!(e instanceof LmqlError)) {
      // A bug, not the user's doing: one line, the stack only on request.
      toStderr(`lmql run: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.LMQL_DEBUG !== undefined && e instanceof Error) process.stderr.write(`${e.stack ?? ""}\n`);
      return EXIT.software;
    }
    toStderr(`${renderDiagnostics(e.diagnostics, e.source ?? source)}\n`);
    return exitCodeOf(e, inv);
  } finally {
    terminal.close();
  }
  if (printer === undefined) toStdout(`${jsonText(result)}\n`);
  else {
    printer.summary(result);
    // The query's warnings (W245: an LMQL option without effect here); --json carries them in `warnings`.
    if (result.warnings.length > 0) toStderr(`${renderDiagnostics(result.warnings, source)}\n`);
  }
  return EXIT.ok;
}

/**
 * A missing input is the query's (or its caller's) fault: 65; an unknown or incomplete model is a
 * usage error when --model named it, else the query's `from`; everything else happened at run time.
 */
function exitCodeOf(e: LmqlError, inv: Invocation): number {
  const codes = e.diagnostics.map((d) => d.code);
  if (codes.every((c) => c === "E801" || c === "E802")) return inv.model === undefined ? EXIT.dataErr : EXIT.usage;
  if (codes.every((c) => c === "E301")) return EXIT.dataErr;
  return EXIT.software;
}

function progressOnly(tty: boolean): (e: RunEvent) => void {
  let shown = false;
  return (e) => {
    // stdout holds only the JSON: the query's print() goes to stderr.
    if (e.type === "print") toStderr(e.text);
    if (!tty) return;
    if (e.type === "model-loading") {
      shown = true;
      process.stderr.write(loadingLine(e));
    } else if (shown) {
      shown = false;
      process.stderr.write("\r\x1b[K");
    }
  };
}

function loadingLine(e: RunEvent & { type: "model-loading" }): string {
  const file = e.file === undefined ? "" : ` ${e.file.split("/").pop()}`;
  const pct = e.progress === undefined ? "" : ` ${Math.round(e.progress)}%`;
  return `\r\x1b[Kloading ${e.model}${file}${pct}`;
}

const GREEN = "\x1b[32m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Streams the prompt to stdout as it is decided; generated text is coloured on a terminal. */
/**
 * Prints a run as it streams. On a terminal, text appears as it is decided and a rewrite (a
 * STOPS_BEFORE cut, a cast, a decorator, an unwound nested query) erases the text it replaces; into
 * a pipe, each result's text is written once it is settled, so the output is the final prompt.
 */
class StreamPrinter {
  private atLineStart = true;
  private loading = false;
  private current = 0;
  /** What this result has written (plain text), to erase a rewrite's tail or flush into a pipe. */
  private shown = "";
  private flushed = 0;
  constructor(private readonly color: boolean, private readonly progress: boolean) {}

  event(e: RunEvent): void {
    switch (e.type) {
      case "model-loading":
        if (!this.progress) return;
        this.loading = true;
        process.stderr.write(loadingLine(e));
        return;
      case "text":
        this.startResult(e.result);
        this.write(e.generated && this.color ? `${GREEN}${terminalSafe(e.text)}${RESET}` : screen(e.text), e.text);
        return;
      case "role":
        this.startResult(e.result);
        this.write(this.color ? `${DIM}${terminalSafe(e.text)}${RESET}` : screen(e.text), e.text);
        return;
      case "print":
        this.startResult(e.result);
        this.write(screen(e.text), e.text);
        return;
      case "rewrite":
        this.startResult(e.result);
        this.rewrite(e.removed, e.text, e.variable !== undefined);
        return;
      case "hole-start":
      case "hole-end":
      case "distribution":
        return;
      default:
        unreachable(e);
    }
  }

  /** The tail `removed` of what was shown now reads `text`; a tail no longer shown is left as is. */
  private rewrite(removed: string, text: string, generated: boolean): void {
    if (!this.shown.endsWith(removed)) return;
    const before = this.shown.slice(0, this.shown.length - removed.length);
    if (this.color) {
      const erase = eraseSequence(before, removed, process.stdout.columns ?? 80, process.stdout.rows ?? 24);
      if (erase === undefined) return;
      process.stdout.write(erase);
    }
    this.shown = before;
    this.atLineStart = before === "" || before.endsWith("\n");
    this.write(generated && this.color ? `${GREEN}${terminalSafe(text)}${RESET}` : screen(text), text);
  }

  finishLine(): void {
    this.clearLoading();
    this.flush();
    if (!this.atLineStart) process.stdout.write("\n");
    this.atLineStart = true;
  }

  /** Into a pipe, the settled text of the current result. */
  private flush(): void {
    if (this.color) return;
    process.stdout.write(this.shown.slice(this.flushed));
    this.flushed = this.shown.length;
  }

  summary(result: RunResult): void {
    this.finishLine();
    result.results.forEach((r, i) => {
      const label = result.results.length > 1 ? `result ${i + 1}: ` : "";
      process.stdout.write("\n");
      for (const [name, value] of Object.entries(r.variables)) toStdout(`${label}${name} = ${jsonText(value)}\n`);
      if (r.distribution !== null) {
        for (const [name, dist] of Object.entries(r.distribution)) {
          for (const [option, p] of Object.entries(dist)) toStdout(`${label}P(${name} = ${JSON.stringify(option)}) = ${p.toFixed(4)}\n`);
        }
      }
      if (r.returned !== null) toStdout(`${label}returned ${jsonText(r.returned)}\n`);
    });
  }

  /** Results of sample(n) stream one after another, each under its own header. */
  private startResult(result: number): void {
    this.clearLoading();
    if (result === this.current) return;
    this.finishLine();
    this.current = result;
    this.shown = "";
    this.flushed = 0;
    process.stdout.write(`--- result ${result + 1} ---\n`);
  }

  private write(shown: string, plain: string): void {
    if (plain === "") return;
    if (this.color) process.stdout.write(shown);
    this.shown += plain;
    this.atLineStart = plain.endsWith("\n");
  }

  private clearLoading(): void {
    if (this.loading) process.stderr.write("\r\x1b[K");
    this.loading = false;
  }
}

/** The query's `input()`: one line from stdin per call, the prompt shown on stderr. */
class LineInput {
  private rl: Interface | undefined;

  private closed = false;

  async ask(prompt: string): Promise<string> {
    if (this.rl === undefined) {
      this.rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
      this.rl.once("close", () => (this.closed = true));
    }
    if (this.closed) throw new PyError("RuntimeError", "input(): stdin is closed");
    const rl = this.rl;
    // A question pending when stdin ends would never settle: end it with an error instead.
    return new Promise<string>((resolve, reject) => {
      const onClose = (): void => reject(new PyError("RuntimeError", "input(): stdin is closed"));
      rl.once("close", onClose);
      rl.question(prompt).then(
        (line) => (rl.off("close", onClose), resolve(line)),
        (e: unknown) => (rl.off("close", onClose), reject(e)),
      );
    });
  }

  close(): void {
    this.rl?.close();
  }
}

/** Untrusted text (values, inputs, the query's strings) for stdout: escaped on a terminal. */
function toStdout(text: string): void {
  process.stdout.write(screen(text));
}

function screen(text: string): string {
  return process.stdout.isTTY === true ? terminalSafe(text) : text;
}

function toStderr(text: string): void {
  process.stderr.write(process.stderr.isTTY === true ? terminalSafe(text) : text);
}

/**
 * The terminal sequence that moves the cursor from the end of `before + removed` back to the end of
 * `before` and clears everything after it, assuming text wraps at `columns`; undefined when the
 * start has scrolled off a screen of `rows` rows.
 */
export function eraseSequence(before: string, removed: string, columns: number, rows: number): string | undefined {
  const from = cursorAfter(before, columns, { row: 0, col: 0 });
  const to = cursorAfter(removed, columns, from);
  const up = to.row - from.row;
  if (up >= rows) return undefined;
  return `${up > 0 ? `\x1b[${up}A` : ""}\x1b[${from.col + 1}G\x1b[J`;
}

function cursorAfter(text: string, columns: number, start: { row: number; col: number }): { row: number; col: number } {
  let { row, col } = start;
  for (const ch of text) {
    if (ch === "\n") {
      row++;
      col = 0;
    } else if (++col === columns) {
      row++;
      col = 0;
    }
  }
  return { row, col };
}
