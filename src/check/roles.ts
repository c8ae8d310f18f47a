/** Role tags: `{:system}`, `{:user}`, `{:assistant}` are what chat templates know. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { PromptStmt } from "../syntax/ast.js";
import { unknownRole } from "./errors.js";
import { closest } from "./suggest.js";

const ROLES = ["system", "user", "assistant"];

export function checkRoles(prompts: Iterable<PromptStmt>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const prompt of prompts) {
    for (const seg of prompt.segments) {
      if (seg.kind === "role" && !ROLES.includes(seg.role)) out.push(unknownRole(seg.role, seg.span, closest(seg.role, ROLES)));
    }
  }
  return out;
}
