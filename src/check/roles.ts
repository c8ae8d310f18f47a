/** Role tags: `{:system}`, `{:user}`, `{:assistant}` are what chat templates know. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { CHAT_ROLES } from "../language/index.js";
import type { PromptStmt } from "../syntax/ast.js";
import { unknownRole } from "./errors.js";
import { closest } from "../diagnostics/suggest.js";

export function checkRoles(prompts: Iterable<PromptStmt>): Diagnostic[] {
  const roles: readonly string[] = CHAT_ROLES;
  const out: Diagnostic[] = [];
  for (const prompt of prompts) {
    for (const seg of prompt.segments) {
      if (seg.kind === "role" && !roles.includes(seg.role)) out.push(unknownRole(seg.role, seg.span, closest(seg.role, roles)));
    }
  }
  return out;
}
