/**
 * LMQL's `context` inside a query (lmql.runtime.interpreter.LMQLContext): the prompt so far and
 * the values decided so far. Queries read `context.prompt` and `await context.get_var("X")`.
 */
import { fromJs, PyDict, type Value } from "./eval/index.js";
import type { RunState } from "./interpreter-state.js";

export class QueryContext {
  readonly #state: () => RunState;

  constructor(state: () => RunState) {
    this.#state = state;
  }

  get #st(): RunState {
    return this.#state();
  }

  /** The prompt so far: template text and post-processed values. */
  get prompt(): string {
    return this.#st.session.text;
  }

  /** Model forward passes so far (LMQL counts model calls; ours are forward passes). */
  get num_calls(): number {
    return this.#st.session.stats.forwardPasses;
  }

  /** The program value of a hole decided in this query's prompt, or None. */
  get_var(name: unknown): Value {
    return typeof name === "string" ? (this.#st.variables.get(name) ?? null) : null;
  }

  /** Every hole value of this query's prompt so far, as a dict. */
  get_all_vars(): PyDict {
    return new PyDict([...this.#st.variables].map(([k, v]) => [fromJs(k), v] as const));
  }
}
