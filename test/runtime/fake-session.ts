/**
 * A scripted PromptSession for interpreter tests: holes get scripted replies (per hole name, in
 * order), constraints are recorded as specs, and nothing touches a model.
 */
import type { CompiledConstraint, Vocabulary } from "../../src/constraints/engine.js";
import { evaluateSpec } from "../../src/constraints/evaluate.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { compileOrThrow } from "../../src/api/compile.js";
import type { HoleRequest, HoleResult, OptionScore, PromptSession } from "../../src/runtime/decode/types.js";
import { fromJs, type Value } from "../../src/runtime/eval/index.js";
import { runProgram, type ConstraintCompiler, type ProgramOutcome } from "../../src/runtime/interpreter.js";
import { DEFAULT_LIMITS, type RunLimits } from "../../src/runtime/run-limits.js";
import type { RunEvent } from "../../src/runtime/run-events.js";

const EMPTY_VOCAB: Vocabulary = { size: 0, bytes: () => new Uint8Array(0), isSpecial: () => false, eosTokenIds: [] };

/** A constraint that only knows its spec: enough for `valueComplete` and for assertions. */
export interface FakeConstraint extends CompiledConstraint {
  readonly spec: ConstraintSpec;
}

function fakeConstraint(spec: ConstraintSpec): FakeConstraint {
  const unsupported = (): never => {
    throw new Error("fake constraint: masks are not computed in interpreter tests");
  };
  return { spec, start: unsupported, mask: unsupported, advance: unsupported, advanceBytes: unsupported, isComplete: unsupported, value: unsupported, valueComplete: (text) => evaluateSpec(spec, text, undefined) };
}

export const fakeCompiler: ConstraintCompiler = { compile: fakeConstraint, maxTokens: () => undefined };

export interface HoleCall {
  readonly name: string;
  readonly spec: ConstraintSpec;
  readonly maxTokens: number;
  /** The prompt when the hole was asked for. */
  readonly prompt: string;
}

export class FakeSession implements PromptSession {
  text = "";
  readonly vocabulary = EMPTY_VOCAB;
  readonly stats = { tokens: 0, forwardPasses: 0, fastForwardTokens: 0 };
  readonly calls: HoleCall[] = [];
  readonly roles: string[] = [];
  private readonly queues = new Map<string, string[]>();

  /** `replies[name]`: the values hole `name` gets, in order (the last repeats). `logprobs` for scoring. */
  constructor(replies: Readonly<Record<string, string | readonly string[]>>, private readonly logprobs: Readonly<Record<string, number>> = {}, private readonly finish: HoleResult["finish"] = "eos") {
    for (const [name, r] of Object.entries(replies)) this.queues.set(name, typeof r === "string" ? [r] : [...r]);
  }

  appendText(text: string): void {
    this.text += text;
  }

  appendRole(role: string): void {
    this.roles.push(role);
    this.text += `<${role}>`;
  }

  rewind(length: number): void {
    if (length < 0 || length > this.text.length) throw new RangeError(`fake session: cannot rewind ${this.text.length} characters to ${length}`);
    this.text = this.text.slice(0, length);
  }

  async generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult> {
    const spec = (hole.constraint as FakeConstraint).spec;
    this.calls.push({ name: hole.name, spec, maxTokens: hole.maxTokens, prompt: this.text });
    const queue = this.queues.get(hole.name);
    if (queue === undefined || queue.length === 0) throw new Error(`fake session: no reply scripted for hole ${hole.name}`);
    const value = queue.length > 1 ? queue.shift()! : queue[0]!;
    this.text += value;
    onText?.(value);
    const tokens = [...value].map((_, i) => i);
    this.stats.tokens += tokens.length;
    return { value, text: value, tokens, logprob: -1, finish: this.finish };
  }

  async scoreOptions(options: readonly string[]): Promise<readonly OptionScore[]> {
    const lps = options.map((o) => this.logprobs[o] ?? 0);
    const max = Math.max(...lps);
    const z = lps.reduce((s, lp) => s + Math.exp(lp - max), 0);
    return options.map((option, i) => ({ option, logprob: lps[i]!, probability: Math.exp(lps[i]! - max) / z }));
  }

  fork(): PromptSession {
    throw new Error("fake session: fork is not used by the interpreter");
  }
}

export interface RunFakeOptions {
  readonly args?: Readonly<Record<string, unknown>>;
  readonly logprobs?: Readonly<Record<string, number>>;
  readonly limits?: Partial<RunLimits>;
  readonly events?: RunEvent[];
  readonly finish?: HoleResult["finish"];
  /** Query functions called from code get fresh sessions (collected here). */
  readonly separate?: FakeSession[];
}

/** Compiles `source` and runs it on a FakeSession with the given replies. */
export async function runFake(source: string, replies: Readonly<Record<string, string | readonly string[]>> = {}, options: RunFakeOptions = {}): Promise<{ outcome: ProgramOutcome; session: FakeSession }> {
  const compiled = compileOrThrow(source);
  const session = new FakeSession(replies, options.logprobs, options.finish);
  const globals = new Map<string, Value>(Object.entries(options.args ?? {}).map(([k, v]) => [k, fromJs(v)]));
  const events = options.events;
  const outcome = await runProgram(compiled.program, {
    session,
    constraints: fakeCompiler,
    globals,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    sourceText: source,
    ...(options.separate === undefined ? {} : { openSession: async () => {
      const fresh = new FakeSession(replies, options.logprobs, options.finish);
      options.separate!.push(fresh);
      return fresh;
    } }),
    ...(events === undefined ? {} : { onEvent: (e: RunEvent) => events.push(e) }),
  });
  return { outcome, session };
}

/** The variables of a successful run as plain values; fails the test with the diagnostic otherwise. */
export function okVariables(outcome: ProgramOutcome): Record<string, unknown> {
  if (outcome.kind === "error") throw new Error(`run failed: ${outcome.diagnostic.code} ${outcome.diagnostic.message}`);
  return Object.fromEntries([...outcome.result.variables].map(([k, v]) => [k, v]));
}
