/** The model every command uses when the query and the caller name none (a light module: no model code). */
export const DEFAULT_MODEL = "local:tiny-lm";

/**
 * The id in a classic query's `from "..."` line, found by a plain text scan so the CLI can start
 * loading the model while the query is still being compiled. A miss only costs that head start.
 */
export function declaredModel(text: string): string | undefined {
  return /^from\s+(?:lmql\.model\(\s*)?["']([^"'\n]+)["']/m.exec(text)?.[1];
}
