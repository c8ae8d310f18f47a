/** Source text → parse → check, for the CLI and the API: one call, all diagnostics in order. */
import { hasErrors, type PhaseResult, type Source } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { check } from "./check.js";
import type { CheckedQuery, CheckOptions } from "./checked-query.js";

/** Check codes that stay true of a statement however the rest of the file failed to parse. */
const LOCAL_FACTS = new Set(["E200", "E201", "E203"]);

/**
 * Parses and checks `source`. When parsing failed the checker still runs on the recovered AST, but
 * only its reports about constructs that did parse are kept (unsupported Python, inputs): rules
 * about holes and constraints would only echo the parse error.
 */
export function checkSource(source: Source, options: CheckOptions = {}): PhaseResult<CheckedQuery> {
  const parsed = parse(source);
  const checked = check(parsed.value, { ...options, source });
  const parseFailed = hasErrors(parsed.diagnostics);
  const kept = parseFailed ? checked.diagnostics.filter((d) => LOCAL_FACTS.has(d.code)) : checked.diagnostics;
  const diagnostics = [...parsed.diagnostics, ...kept].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { value: checked.value, diagnostics };
}
