/** `lmql run`'s command line: options, `--arg` values and the help text. */
import { parseArgs } from "node:util";
import { PyFloat } from "../runtime/eval/index.js";
import { DEFAULT_LIMITS } from "../runtime/run-limits.js";

export const HELP = `Usage: lmql run FILE [options]

Runs a query and prints the prompt as it is generated, then each variable.

Options:
  --model ID         model to run on (overrides the query's 'from'; default local:tiny-lm):
                     a bundled model (local:tiny-lm, local:micro-lm), a folder, or a Hugging Face id
  --arg NAME=VALUE   a value for an input of the query (repeatable); VALUE is a string, or JSON
                     when it parses as a number, list or object (integers keep every digit,
                     1.0 stays a float)
  --seed N           seed for sampling decoders (repeatable results)
  --json             print {"results":[...],"model":...,"stats":{...}} on stdout instead

Limits (a run that reaches one stops with a located error):
  --timeout SECONDS  wall-clock budget per result, decoder arguments included (default ${DEFAULT_LIMITS.timeoutMs / 1000})
  --max-steps N      steps of Python code per result: loop iterations, comprehension items,
                     calls, items walked by builtins such as sum() or sorted() (default ${DEFAULT_LIMITS.maxSteps})
  --max-tokens N     tokens all holes of one result may generate (default ${DEFAULT_LIMITS.maxTokens})
  --max-tokens-per-hole N
                     tokens one hole may generate when its constraint sets no smaller cap
                     (default ${DEFAULT_LIMITS.maxTokensPerHole})
  -h, --help         show this help

On a terminal, control characters in generated text are shown escaped (\\x1b).
Exit codes: 0 ok, 64 usage error, 65 query errors, 70 runtime errors.
`;

export interface Invocation {
  readonly file: string;
  readonly model: string | undefined;
  /** Null-prototype: `--arg __proto__=x` is an input like any other. */
  readonly args: Record<string, unknown>;
  readonly seed: number | undefined;
  readonly maxTokens: number | undefined;
  readonly maxTokensPerHole: number | undefined;
  readonly maxSteps: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly json: boolean;
}

export type Parsed = { readonly kind: "run"; readonly invocation: Invocation } | { readonly kind: "help" } | { readonly kind: "usage"; readonly message: string };

const OPTIONS = {
  model: { type: "string" },
  arg: { type: "string", multiple: true },
  seed: { type: "string" },
  "max-tokens": { type: "string" },
  "max-tokens-per-hole": { type: "string" },
  "max-steps": { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseCommandLine(argv: string[]): Parsed {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return { kind: "usage", message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: "help" };
  if (positionals.length !== 1) return { kind: "usage", message: positionals.length === 0 ? "no query FILE given" : `one FILE at a time (got ${positionals.length})` };
  const args = Object.create(null) as Record<string, unknown>;
  for (const a of values.arg ?? []) {
    const eq = a.indexOf("=");
    if (eq <= 0) return { kind: "usage", message: `--arg expects NAME=VALUE, got '${a}'` };
    args[a.slice(0, eq)] = argValue(a.slice(eq + 1));
  }
  const numbers = {
    seed: integerOption(values.seed, "--seed", false),
    maxTokens: integerOption(values["max-tokens"], "--max-tokens", true),
    maxTokensPerHole: integerOption(values["max-tokens-per-hole"], "--max-tokens-per-hole", true),
    maxSteps: integerOption(values["max-steps"], "--max-steps", true),
    timeoutMs: secondsOption(values.timeout),
  };
  for (const v of Object.values(numbers)) if (typeof v === "string") return { kind: "usage", message: v };
  const n = numbers as { [K in keyof typeof numbers]: number | undefined };
  const model = typeof values.model === "string" ? values.model : undefined;
  return { kind: "run", invocation: { file: positionals[0]!, model, args, ...n, json: values.json === true } };
}

/**
 * Numbers, lists and objects given as JSON become those values, with Python's number types:
 * an integer literal is an int with all its digits (a bigint past 2**53), one with a point or an
 * exponent is a float (`1.0` stays a float). Anything else is a string.
 */
export function argValue(text: string): unknown {
  if (!/^\s*[-\d[{]/.test(text) && !/^(true|false|null)$/.test(text)) return text;
  try {
    return parseJsonNumbers(text);
  } catch {
    return text;
  }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** JSON.parse, but each number literal is read from its own text (JSON.parse rounds to a double). */
function parseJsonNumbers(text: string): unknown {
  const mark = `\u0000${Math.random().toString(36).slice(2)}:`;
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null && m.index === i) {
      out += JSON.stringify(mark + m[0]);
      i += m[0].length;
    } else {
      out += text[i];
      i++;
    }
  }
  return JSON.parse(out, (_key, v: unknown) => (typeof v === "string" && v.startsWith(mark) ? numberValue(v.slice(mark.length)) : v));
}

function numberValue(literal: string): unknown {
  if (!/^-?\d+$/.test(literal)) return new PyFloat(Number(literal));
  const big = BigInt(literal);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** The number, undefined when absent, or an error message. */
function integerOption(v: unknown, flag: string, positive: boolean): number | undefined | string {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || (positive && n < 1)) return `${flag} expects ${positive ? "a whole number ≥ 1" : "a whole number"}, got '${String(v)}'`;
  return n;
}

/** `--timeout 2.5` as 2500 ms. */
function secondsOption(v: unknown): number | undefined | string {
  if (v === undefined) return undefined;
  const s = Number(v);
  const ms = Math.round(s * 1000);
  if (String(v).trim() === "" || !Number.isFinite(s) || ms < 1 || !Number.isSafeInteger(ms)) return `--timeout expects a number of seconds > 0, got '${String(v)}'`;
  return ms;
}
