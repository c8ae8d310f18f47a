/**
 * Type-level tests, checked by `tsc` in `npm test` (this file is never executed). Each
 * `@ts-expect-error` fails the build if the types were loosened (to `any`, `unknown` or a record).
 */
import { expectTypeOf } from "vitest";
import { compile, lmql, LmqlError, renderDiagnostics, type Query, type QueryEvent, type RunResult, type VariablesOf } from "../../src/index.js";

declare const run: RunResult<VariablesOf<`"Name: [NAME]\\n" where STOPS_AT(NAME, "\\n")
"Age: [AGE: int] Height: [H: float] [S: str]\\n" where xs[i] == 1
"Mood: [MOOD]" where MOOD in ["happy", 'sad']
"[@upper DEC] [F: self.fn]"`>>;
const v = run.results[0]!.variables;

expectTypeOf(v.NAME).toEqualTypeOf<string>();
expectTypeOf(v.AGE).toEqualTypeOf<number>();
expectTypeOf(v.H).toEqualTypeOf<number>();
expectTypeOf(v.S).toEqualTypeOf<string>();
expectTypeOf(v.MOOD).toEqualTypeOf<"happy" | "sad">();
expectTypeOf(v.DEC).toEqualTypeOf<string>();
// A hole typed by a function gives whatever it returns.
expectTypeOf(v.F).toEqualTypeOf<unknown>();
expectTypeOf<keyof typeof v>().toEqualTypeOf<"NAME" | "AGE" | "H" | "S" | "MOOD" | "DEC" | "F">();

export const name: string = v.NAME;
export const age: number = v.AGE;
// @ts-expect-error an int hole is a number, not a string
export const ageText: string = v.AGE;
// @ts-expect-error the choice is closed
export const mood: "angry" = v.MOOD;
// @ts-expect-error `xs[i]` is indexing, not a hole
v.i;
// @ts-expect-error no such variable
v.MISSING;

// lmql("...") and compile("...") type their variables from the literal.
const q = lmql(`"Count: [N: int]" where len(TOKENS(N)) < 3`);
expectTypeOf(q).toEqualTypeOf<Query<{ readonly N: number }>>();
expectTypeOf(q.run).returns.resolves.toEqualTypeOf<RunResult<{ readonly N: number }>>();
const compiled = compile(`"[A] and [B]" where A in ["x", "y"]`);
if (compiled.kind === "ok") {
  expectTypeOf(compiled.query.run).returns.resolves.toEqualTypeOf<RunResult<{ readonly A: "x" | "y"; readonly B: string }>>();
}

// Inputs TypeScript can see are required args; a query whose code defines names requires none.
const greet = lmql(`"Hello {name}, {{literal}}! [REPLY]" where len(TOKENS(REPLY)) < 5`);
export const greeted = greet.run({ args: { name: "Ada" }, model: "local:micro-lm" });
// @ts-expect-error `name` is an input: args are required
export const noArgs = greet.run();
// @ts-expect-error `name` is an input: args must name it
export const wrongArgs = greet.run({ args: { nom: "Ada" } });
const defines = lmql(`for name in ["a", "b"]:\n    "Hello {name} [R]"`);
export const definesRuns = defines.run();
expectTypeOf(defines.run).returns.resolves.toEqualTypeOf<RunResult<{ readonly R: string }>>();

// A string TypeScript cannot see falls back to a record of unknowns, still usable.
declare const text: string;
const loose = lmql(text);
expectTypeOf(loose.run).returns.resolves.toEqualTypeOf<RunResult<Readonly<Record<string, unknown>>>>();

// The tag cannot see its text: the variables' type is a type argument.
const tagged = lmql<{ readonly W: string }>`"A word: [W]"`;
expectTypeOf(tagged.run).returns.resolves.toEqualTypeOf<RunResult<{ readonly W: string }>>();

// Streams yield typed events; `done` carries the typed run.
export async function consume(): Promise<number> {
  for await (const e of q.stream()) {
    expectTypeOf(e).toEqualTypeOf<QueryEvent<{ readonly N: number }>>();
    if (e.type === "done") return e.run.results[0]!.variables.N;
    if (e.type === "text") expectTypeOf(e.text).toEqualTypeOf<string>();
  }
  return 0;
}

// The error handler every user writes type-checks: `source` is always there.
export function report(e: unknown): string {
  if (e instanceof LmqlError) return renderDiagnostics(e.diagnostics, e.source);
  throw e;
}
