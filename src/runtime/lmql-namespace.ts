/**
 * The `lmql` module as a query sees it at run time: `lmql.decorators.pre` and
 * `lmql.decorators.streaming` mark a function as a pre-stage or streaming decorator.
 * (`lmql.model(...)` in a `from` clause is read before the run and never reaches here.)
 */
import type { Value } from "./eval/index.js";
import { markDecorator } from "./interpreter-decorators.js";
import type { RunState } from "./interpreter-state.js";

export class LmqlNamespace {
  readonly #state: () => RunState;

  constructor(state: () => RunState) {
    this.#state = state;
  }

  get decorators(): LmqlDecorators {
    return new LmqlDecorators(this.#state);
  }
}

class LmqlDecorators {
  readonly #state: () => RunState;

  constructor(state: () => RunState) {
    this.#state = state;
  }

  pre(fn: Value): Value {
    return markDecorator(fn, "pre", this.#state());
  }

  streaming(fn: Value): Value {
    return markDecorator(fn, "streaming", this.#state());
  }
}
