/**
 * Hole decorators `[@a @b X]`, with LMQL's three stages (lmql.runtime.decorators):
 * - pre, in written order, before decoding: a function marked `@lmql.decorators.pre` gets the
 *   variable (an object with `.name`) and returns it to let the hole decode, or a fixed value
 *   (a `(value, prompt_value)` pair, or any value whose prompt text is `str(value)`);
 * - streaming, while decoding: a function marked `@lmql.decorators.streaming` gets the value so
 *   far and `context` after each chunk of text;
 * - post, innermost (last written) first, on the finished value: any other function, called as
 *   `f(value)`, or `f(value, prompt_value, context)` when it declares two parameters or more. It
 *   returns None (no change), a `(value, prompt_value)` pair, or a value whose prompt text is
 *   `str(value)`.
 */
import type { HoleIr } from "../ir/ir.js";
import { callValue, evaluate, HostObject, isCallable, PyTuple, pyStr, type Callable, type Scope, type Value } from "./eval/index.js";
import type { RunState } from "./interpreter-state.js";

/** A hole's program value and its text in the prompt. */
export interface Filled {
  readonly value: Value;
  readonly prompt: string;
}

export type DecoratorStage = "pre" | "streaming";

/** What a pre-decorator receives: LMQL's TemplateVariable, of which queries read `.name`. */
export class TemplateVariable {
  constructor(readonly name: string) {}
}

export async function evaluateDecorators(hole: HoleIr, scope: Scope, st: RunState): Promise<Value[]> {
  const out: Value[] = [];
  for (const d of hole.decorators) out.push(await evaluate(d, scope, st.eval));
  return out;
}

/** The first pre-decorator that fixes the value decides it; undefined lets the hole decode. */
export async function preDecorate(decorators: readonly Value[], name: string, st: RunState): Promise<Filled | undefined> {
  for (const d of decorators) {
    if (st.decoratorStages.get(d as object) !== "pre") continue;
    const variable = new HostObject(new TemplateVariable(name));
    const r = await callValue(d, { args: withContext(d, [variable], st), kwargs: new Map() });
    if (r !== variable) return asFilled(r);
  }
  return undefined;
}

/** Applies the post-stage decorators, innermost first (a pre or streaming one has no post stage). */
export async function postDecorate(decorators: readonly Value[], filled: Filled, st: RunState): Promise<Filled> {
  let { value, prompt } = filled;
  for (const d of [...decorators].reverse()) {
    if (st.decoratorStages.has(d as object)) continue;
    const twoOrMore = isCallable(d) && (st.arity.get(d) ?? 1) >= 2;
    const args = twoOrMore ? [value, prompt, st.context] : [value];
    const r = await callValue(d, { args, kwargs: new Map() });
    if (r !== null) ({ value, prompt } = asFilled(r));
  }
  return { value, prompt };
}

/**
 * The streaming decorators of a hole, fed the text as it is decoded. Calls run one after another
 * (a decorator sees every intermediate value in order); `done()` waits for the last one and
 * rethrows the first error.
 */
export function streamDecorators(decorators: readonly Value[], st: RunState): { push(text: string): void; done(): Promise<void> } | undefined {
  const streaming = decorators.filter((d) => st.decoratorStages.get(d as object) === "streaming");
  if (streaming.length === 0) return undefined;
  let sofar = "";
  let chain: Promise<void> = Promise.resolve();
  return {
    push(text) {
      sofar += text;
      const value = sofar;
      chain = chain.then(async () => {
        for (const d of [...streaming].reverse()) await callValue(d, { args: [value, st.context], kwargs: new Map() });
      });
    },
    done: () => chain,
  };
}

/** Marks `fn` as a pre or streaming decorator (`@lmql.decorators.pre`); it stays callable as is. */
export function markDecorator(fn: Value, stage: DecoratorStage, st: RunState): Value {
  if (!isCallable(fn)) return fn;
  const marked: Callable = { kind: "callable", name: fn.name, flavor: "function", call: (args, kwargs) => fn.call(args, kwargs) };
  st.decoratorStages.set(marked, stage);
  const arity = st.arity.get(fn);
  if (arity !== undefined) st.arity.set(marked, arity);
  return marked;
}

function withContext(d: Value, args: Value[], st: RunState): Value[] {
  return isCallable(d) && (st.arity.get(d) ?? 1) >= 2 ? [...args, st.context] : args;
}

function asFilled(r: Value): Filled {
  if (r instanceof PyTuple && r.items.length === 2) {
    const [value, prompt] = r.items as [Value, Value];
    return { value, prompt: typeof prompt === "string" ? prompt : pyStr(prompt) };
  }
  return { value: r, prompt: pyStr(r) };
}
