import { EXIT } from "./main.js";

/** Placeholder until the interpreter lands. */
export async function runCommand(_args: string[]): Promise<number> {
  process.stderr.write("lmql run: not built yet\n");
  return EXIT.software;
}
