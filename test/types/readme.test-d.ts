/** The README's "From TypeScript" example, checked by tsc: it must compile as written there. */
import { lmql, LmqlError, renderDiagnostics } from "../../src/index.js";

export async function readmeExample(): Promise<void> {
  const query = lmql(`"Q: How many legs has a spider?\nA: [N: int]\nColour: [C]" where C in ["red", "blue"]`);
  try {
    const { results } = await query.run({ model: "local:tiny-lm" });
    const n: number = results[0].variables.N; // typed from the query text
    const c: "red" | "blue" = results[0].variables.C;
    // @ts-expect-error N is a number, not a string
    const wrong: string = results[0].variables.N;
    console.log(n, c, wrong);
  } catch (e) {
    if (e instanceof LmqlError) console.error(renderDiagnostics(e.diagnostics, e.source));
  }
}
