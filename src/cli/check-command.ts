import { EXIT } from "./main.js";

/** Placeholder until the front end lands. */
export async function checkCommand(_args: string[]): Promise<number> {
  process.stderr.write("lmql check: not built yet\n");
  return EXIT.software;
}
