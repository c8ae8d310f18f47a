/**
 * Decoders with several results for the whole program: beam(n), best_k(k), sample(n).
 *
 * The interpreter runs one program on one prompt session and stays untouched: a program is
 * deterministic given its hole values, so a branch is the list of values decided so far. To
 * advance a branch the program is run again with those values replayed (no decoding) until the
 * first hole without a value, the frontier, where the session is asked for candidates instead of
 * one value; each candidate is a child branch. The replay appends the same text to a session opened
 * on a fork of the KV cache the candidate left behind, so only tokens after the cached prefix are fed.
 *
 * Scores: a branch's log-probability is the sum over its holes' tokens (the template's tokens are not
 * scored: they are the program's, not the model's choice). beam keeps the n branches of highest total
 * across finished and unfinished ones, so a program path with more holes pays for each; best_k ranks
 * by the mean over all generated tokens; sample does not prune: the first hole splits into n draws,
 * then each branch samples on its own. A branch whose run fails (e.g. a value violating a check made
 * after decoding) is dropped; when every branch fails the run fails with the first error.
 *
 * Replays run the program's statements again, so host functions a query calls run once per replay
 * (side effects repeat); their results must not change between calls, or the replay diverges (E320).
 */
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { Program } from "../ir/ir.js";
import type { DecoderKind } from "../language/decoders.js";
import type { HoleCandidate, HoleRequest, HoleResult, OptionScore, PromptSession } from "./decode/types.js";
import { runProgram, type InterpreterOptions, type ProgramResult } from "./interpreter.js";
import { RuntimeFailure } from "./runtime-error.js";

/** A replay took another path than the run it replays (a host function's result changed). */
export const REPLAY_DIVERGED = "E320";

export interface BranchingOptions {
  readonly decoder: Exclude<DecoderKind, "argmax">;
  /** Results wanted. */
  readonly width: number;
  /** A session with an empty prompt: the root of every branch. */
  readonly root: PromptSession;
  /** The interpreter's options; `session` and `resultIndex` are set per replay. */
  readonly interpreter: Omit<InterpreterOptions, "session" | "resultIndex">;
}

export interface Branch {
  readonly result: ProgramResult;
  /** Sum of the log-probabilities of the tokens its holes generated. */
  readonly logprob: number;
  /** Tokens of its values appended by fast-forward. */
  readonly fastForwardTokens: number;
}

export type BranchingOutcome =
  | { readonly kind: "ok"; readonly branches: readonly Branch[] }
  | { readonly kind: "error"; readonly diagnostic: Diagnostic };

type Decision = { readonly kind: "hole"; readonly name: string; readonly candidate: HoleCandidate } | { readonly kind: "scores"; readonly scores: readonly OptionScore[] };

interface Node {
  readonly log: readonly Decision[];
  readonly resume: () => PromptSession;
  readonly logprob: number;
  readonly tokens: number;
  readonly forced: number;
  /** Draw order of sample branches (results keep it). */
  readonly order: number;
  readonly result?: ProgramResult;
}

export async function runBranching(program: Program, options: BranchingOptions): Promise<BranchingOutcome> {
  let live: Node[] = [{ log: [], resume: () => options.root, logprob: 0, tokens: 0, forced: 0, order: 0 }];
  let done: Node[] = [];
  let failure: Diagnostic | undefined;
  while (live.length > 0) {
    const next: Node[] = [];
    for (const node of live) {
      const step = await advance(program, node, options);
      if (step.kind === "finished") done.push(step.node);
      else if (step.kind === "frontier") next.push(...step.children);
      else if (options.decoder === "sample") return { kind: "error", diagnostic: step.diagnostic };
      else failure ??= step.diagnostic;
    }
    const decoder = options.decoder;
    if (decoder === "sample") {
      live = next;
      continue;
    }
    const kept = [...done, ...next].sort((a, b) => score(b, decoder) - score(a, decoder)).slice(0, options.width);
    done = kept.filter((n) => n.result !== undefined);
    live = kept.filter((n) => n.result === undefined);
  }
  if (done.length === 0) return { kind: "error", diagnostic: failure ?? error(REPLAY_DIVERGED, "no branch of the search finished", program.span) };
  if (options.decoder === "sample") done.sort((a, b) => a.order - b.order);
  // One after the other, so a listener sees each result's events together.
  const branches: Branch[] = [];
  for (const [i, node] of done.entries()) branches.push({ result: await final(program, node, i, options), logprob: node.logprob, fastForwardTokens: node.forced });
  return { kind: "ok", branches };
}

function score(node: Node, decoder: "beam" | "best_k"): number {
  return decoder === "beam" ? node.logprob : node.logprob / Math.max(1, node.tokens);
}

type Step = { readonly kind: "finished"; readonly node: Node } | { readonly kind: "frontier"; readonly children: Node[] } | { readonly kind: "failed"; readonly diagnostic: Diagnostic };

async function advance(program: Program, node: Node, options: BranchingOptions): Promise<Step> {
  const holes = node.log.filter((d) => d.kind === "hole").length;
  const count = options.decoder === "sample" && holes > 0 ? 1 : options.width;
  const replay = new Replay(node.log, count, program.span);
  const { onEvent: _quiet, ...quiet } = options.interpreter;
  try {
    const outcome = await runProgram(program, replay.options(node.resume(), quiet));
    if (outcome.kind === "error") return { kind: "failed", diagnostic: outcome.diagnostic };
    return { kind: "finished", node: { ...node, log: replay.log, result: outcome.result } };
  } catch (e) {
    if (!(e instanceof Frontier)) throw e;
    const children = e.candidates.map(
      (c, i): Node => ({
        log: [...replay.log, { kind: "hole", name: e.hole, candidate: c }],
        resume: () => c.reopen(),
        logprob: node.logprob + c.result.logprob,
        tokens: node.tokens + c.result.tokens.length,
        forced: node.forced + c.forced,
        order: holes === 0 ? i : node.order,
      }),
    );
    return { kind: "frontier", children };
  }
}

/** The finished branch's result; with a listener, replayed once more so its events are reported. */
async function final(program: Program, node: Node, index: number, options: BranchingOptions): Promise<ProgramResult> {
  if (options.interpreter.onEvent === undefined) return node.result!;
  const replay = new Replay(node.log, 0, program.span);
  const outcome = await runProgram(program, { ...replay.options(node.resume(), options.interpreter), resultIndex: index });
  if (outcome.kind === "error") throw new RuntimeFailure(outcome.diagnostic);
  return outcome.result;
}

/** Thrown out of the interpreter at the first hole without a value. */
class Frontier extends Error {
  constructor(
    readonly hole: string,
    readonly candidates: readonly HoleCandidate[],
  ) {
    super(`frontier at hole ${hole}`);
  }
}

/** The decisions of one replay: those given, then the ones made in this run (scores). */
class Replay {
  readonly log: Decision[];
  #at = 0;
  constructor(
    given: readonly Decision[],
    readonly count: number,
    readonly span: Span,
  ) {
    this.log = [...given];
  }

  options(session: PromptSession, base: Omit<InterpreterOptions, "session" | "resultIndex">): InterpreterOptions {
    const open = base.openSession;
    return { ...base, session: new ReplaySession(session, this), ...(open === undefined ? {} : { openSession: async () => new ReplaySession(await open(), this) }) };
  }

  next(): Decision | undefined {
    return this.#at < this.log.length ? this.log[this.#at++] : undefined;
  }

  record(d: Decision): void {
    this.log.push(d);
    this.#at = this.log.length;
  }

  diverged(expected: string, got: string): RuntimeFailure {
    return new RuntimeFailure(error(REPLAY_DIVERGED, `replaying a branch reached ${got} where the original run reached ${expected}`, this.span, "branching decoders re-run the program per branch: host functions must return the same values on every call"));
  }
}

/** A session whose holes take replayed values; the first hole without one is the frontier. */
class ReplaySession implements PromptSession {
  constructor(
    readonly inner: PromptSession,
    readonly replay: Replay,
  ) {}

  get text(): string {
    return this.inner.text;
  }

  get vocabulary(): PromptSession["vocabulary"] {
    return this.inner.vocabulary;
  }

  get stats(): PromptSession["stats"] {
    return this.inner.stats;
  }

  appendText(text: string): void {
    this.inner.appendText(text);
  }

  appendRole(role: string): void {
    this.inner.appendRole(role);
  }

  rewind(length: number): void {
    this.inner.rewind(length);
  }

  async generate(hole: HoleRequest, onText?: (text: string) => void): Promise<HoleResult> {
    const d = this.replay.next();
    if (d === undefined) {
      if (this.inner.candidates === undefined) throw new Error("branching decoders need a session with candidates()");
      throw new Frontier(hole.name, await this.inner.candidates(hole, this.replay.count));
    }
    if (d.kind !== "hole" || d.name !== hole.name) throw this.replay.diverged(d.kind === "hole" ? `hole ${d.name}` : "the distribution clause", `hole ${hole.name}`);
    const result = d.candidate.result;
    this.inner.appendText(result.text);
    if (onText !== undefined && result.text !== "") onText(result.text);
    return result;
  }

  async scoreOptions(options: readonly string[]): Promise<readonly OptionScore[]> {
    const d = this.replay.next();
    if (d === undefined) {
      const scores = await this.inner.scoreOptions(options);
      this.replay.record({ kind: "scores", scores });
      return scores;
    }
    if (d.kind !== "scores") throw this.replay.diverged(`hole ${d.name}`, "the distribution clause");
    return d.scores;
  }

  fork(): PromptSession {
    return new ReplaySession(this.inner.fork(), this.replay);
  }
}
