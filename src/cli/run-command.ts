/**
 * `lmql run FILE [--model ID] [--arg name=value ...] [--seed N] [--max-tokens N] [--json]`:
 * argument parsing and printing only; `run()` does the work.
 */
import { readFile } from "node:fs/promises";
import { createInterface, type Interface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { DEFAULT_MODEL, declaredModel } from "../api/default-model.js";
import type { RunOptions, RunResult } from "../api/result.js";
import { LmqlError, type Source } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { PyError } from "../runtime/eval/errors.js";
import type { RunEvent } from "../runtime/run-events.js";
import { EXIT } from "./main.js";

const HELP = `Usage: lmql run FILE [options]

Runs a query and prints the prompt as it is generated, then each variable.

Options:
  --model ID         model to run on (overrides the query's 'from'; default local:tiny-lm):
                     a bundled model (local:tiny-lm, local:micro-lm), a folder, or a Hugging Face id
  --arg NAME=VALUE   a value for an input of the query (repeatable); VALUE is a string, or JSON
                     when it parses as a number, list or object
  --seed N           seed for sampling decoders (repeatable results)
  --max-tokens N     cap on the tokens all holes of one result may generate
  --json             print {"results":[...],"model":...,"stats":{...}} on stdout instead
  -h, --help         show this help

Exit codes: 0 ok, 64 usage error, 65 query errors, 70 runtime errors.
`;

interface Invocation {
  readonly file: string;
  readonly model: string | undefined;
  readonly args: Record<string, unknown>;
  readonly seed: number | undefined;
  readonly maxTokens: number | undefined;
  readonly json: boolean;
}

type Parsed = { readonly kind: "run"; readonly invocation: Invocation } | { readonly kind: "help" } | { readonly kind: "usage"; readonly message: string };

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

function parseCommandLine(argv: string[]): Parsed {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        model: { type: "string" },
        arg: { type: "string", multiple: true },
        seed: { type: "string" },
        "max-tokens": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    return { kind: "usage", message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help === true) return { kind: "help" };
  if (positionals.length !== 1) return { kind: "usage", message: positionals.length === 0 ? "no query FILE given" : `one FILE at a time (got ${positionals.length})` };
  const args: Record<string, unknown> = {};
  for (const a of (values.arg as string[] | undefined) ?? []) {
    const eq = a.indexOf("=");
    if (eq <= 0) return { kind: "usage", message: `--arg expects NAME=VALUE, got '${a}'` };
    args[a.slice(0, eq)] = argValue(a.slice(eq + 1));
  }
  const seed = integerOption(values.seed, "--seed", false);
  const maxTokens = integerOption(values["max-tokens"], "--max-tokens", true);
  if (typeof seed === "string") return { kind: "usage", message: seed };
  if (typeof maxTokens === "string") return { kind: "usage", message: maxTokens };
  const model = typeof values.model === "string" ? values.model : undefined;
  return { kind: "run", invocation: { file: positionals[0]!, model, args, seed, maxTokens, json: values.json === true } };
}

/** Numbers, lists and objects given as JSON become those values; anything else is a string. */
function argValue(text: string): unknown {
  if (!/^\s*[-\d[{]/.test(text) && !/^(true|false|null)$/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The number, undefined when absent, or an error message. */
function integerOption(v: unknown, flag: string, positive: boolean): number | undefined | string {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || (positive && n < 1)) return `${flag} expects ${positive ? "a whole number ≥ 1" : "a whole number"}, got '${String(v)}'`;
  return n;
}

async function execute(inv: Invocation): Promise<number> {
  let text: string;
  try {
    text = await readFile(inv.file, "utf8");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    process.stderr.write(`lmql run: cannot read ${inv.file}: ${code === "ENOENT" ? "no such file" : String(e)}\n`);
    return EXIT.usage;
  }
  const source: Source = { name: inv.file, text };
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
    process.stderr.write(`${renderDiagnostics(compiled.diagnostics, source)}\n`);
    return EXIT.dataErr;
  }
  for (const name of Object.keys(inv.args)) {
    if (!compiled.query.inputs.includes(name)) process.stderr.write(`lmql run: warning: --arg ${name}: the query has no input named '${name}' (its inputs: ${compiled.query.inputs.join(", ") || "none"})\n`);
  }
  const options: RunOptions = {
    args: inv.args,
    ...(inv.model === undefined ? {} : { model: inv.model }),
    ...(inv.seed === undefined ? {} : { seed: inv.seed }),
    ...(inv.maxTokens === undefined ? {} : { maxTokens: inv.maxTokens }),
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
      process.stderr.write(`lmql run: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.LMQL_DEBUG !== undefined && e instanceof Error) process.stderr.write(`${e.stack ?? ""}\n`);
      return EXIT.software;
    }
    process.stderr.write(`${renderDiagnostics(e.diagnostics, e.source ?? source)}\n`);
    return exitCodeOf(e, inv);
  } finally {
    terminal.close();
  }
  if (printer === undefined) process.stdout.write(`${JSON.stringify(result, bigintAsString)}\n`);
  else printer.summary(result);
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
    if (e.type === "print") process.stderr.write(e.text);
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
class StreamPrinter {
  private atLineStart = true;
  private loading = false;
  private current = 0;
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
        this.write(e.generated && this.color ? `${GREEN}${e.text}${RESET}` : e.text, e.text);
        return;
      case "role":
        this.startResult(e.result);
        this.write(this.color ? `${DIM}${e.text}${RESET}` : e.text, e.text);
        return;
      case "print":
        this.startResult(e.result);
        this.write(e.text, e.text);
        return;
      case "hole-start":
      case "hole-end":
      case "distribution":
        return;
    }
  }

  finishLine(): void {
    this.clearLoading();
    if (!this.atLineStart) process.stdout.write("\n");
    this.atLineStart = true;
  }

  summary(result: RunResult): void {
    this.finishLine();
    result.results.forEach((r, i) => {
      const label = result.results.length > 1 ? `result ${i + 1}: ` : "";
      process.stdout.write("\n");
      for (const [name, value] of Object.entries(r.variables)) process.stdout.write(`${label}${name} = ${JSON.stringify(value, bigintAsString)}\n`);
      if (r.distribution !== null) {
        for (const [name, dist] of Object.entries(r.distribution)) {
          for (const [option, p] of Object.entries(dist)) process.stdout.write(`${label}P(${name} = ${JSON.stringify(option)}) = ${p.toFixed(4)}\n`);
        }
      }
      if (r.returned !== null) process.stdout.write(`${label}returned ${JSON.stringify(r.returned, bigintAsString)}\n`);
    });
  }

  /** Results of sample(n) stream one after another, each under its own header. */
  private startResult(result: number): void {
    this.clearLoading();
    if (result === this.current) return;
    this.finishLine();
    this.current = result;
    process.stdout.write(`--- result ${result + 1} ---\n`);
  }

  private write(shown: string, plain: string): void {
    if (plain === "") return;
    process.stdout.write(shown);
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

/** Python ints past 2**53 arrive as bigints, which JSON has no form for: print their digits. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
