/**
 * Typed results: a query written as a string literal gives its variables' types, read from the
 * text. Run it with `npx tsx examples/typed-results.ts`.
 */
import { fileURLToPath } from "node:url";
import { LmqlError, lmql, renderDiagnostics } from "../src/index.js";

const recipe = lmql(`"Dish: [DISH]\\n" where DISH in ["soup", "salad", "stew"]
"Servings: [N: int]\\n" where len(TOKENS(N)) < 3
"Name: [NAME]\\n" where STOPS_AT(NAME, "\\n") and len(TOKENS(NAME)) < 8`);

/** Runs the query and uses its variables with their types: no casts. */
export async function main(model = "local:tiny-lm"): Promise<string> {
  try {
    const { results } = await recipe.run({ model });
    const { DISH, N, NAME } = results[0]!.variables;
    const dish: "soup" | "salad" | "stew" = DISH;
    const servings: number = N;
    const name: string = NAME.trim();
    return `${name}: ${dish} for ${servings + 0}`;
  } catch (e) {
    // Every LmqlError carries its source, so rendering needs no checks.
    if (e instanceof LmqlError) return renderDiagnostics(e.diagnostics, e.source);
    throw e;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await main());
