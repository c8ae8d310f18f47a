/**
 * The checker: runs one pass per concern over a parsed query and collects what later phases need.
 * Passes: scopes (names and inputs), statements (unsupported Python, loops), holes (types),
 * constraints (`where`), clauses (decoder, model, distribution).
 */
import type { Diagnostic, PhaseResult, Span } from "../diagnostics/diagnostic.js";
import type { Query } from "../syntax/ast.js";
import type { CheckedQuery, CheckOptions } from "./checked-query.js";
import { checkDecoder, checkDecoderLookalike, checkDistribution, checkModel } from "./clauses.js";
import { checkConstraint } from "./constraints.js";
import { inputName, libraryInCode, nestedTooDeeply, unsupportedBuiltin } from "./errors.js";
import { collectFunctions } from "./functions.js";
import { checkHoles } from "./holes.js";
import { BUILTINS, isKnownGlobal, UNSUPPORTED_BUILTINS } from "./known-names.js";
import { lookup, resolveScopes, visibleNames, type NameUse, type ScopeInfo } from "./scopes.js";
import { checkRoles } from "./roles.js";
import { checkStatements, lmqlImports, unsupportedBindings } from "./statements.js";
import { closest } from "../diagnostics/suggest.js";
import { holesOf, promptsOf } from "./walk.js";

export type { CheckedQuery, CheckOptions, FunctionInfo, FunctionKind, HoleInfo, HoleValueType } from "./checked-query.js";

function constraintDiagnostics(query: Query, scopes: ScopeInfo, isHostFunction: (name: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [prompt, frame] of scopes.frameOf) {
    if (prompt.where === undefined) continue;
    out.push(...checkConstraint(prompt.where, { holes: holesOf(prompt).map((h) => h.name), frame, isHostFunction }));
  }
  if (query.where !== undefined) {
    const holes = [...new Set(promptsOf(query.body).flatMap((p) => holesOf(p).map((h) => h.name)))];
    out.push(...checkConstraint(query.where, { holes, frame: scopes.module, isHostFunction }));
  }
  return out;
}

function clauseDiagnostics(query: Query, scopes: ScopeInfo, isHostFunction: (name: string) => boolean): Diagnostic[] {
  const isDefined = (name: string): boolean => lookup(scopes.module, name) !== undefined || isKnownGlobal(name) || isHostFunction(name);
  return [
    ...checkDecoderLookalike(query, isDefined),
    ...(query.decoder === undefined ? [] : checkDecoder(query.decoder)),
    ...(query.model === undefined ? [] : checkModel(query.model)),
    ...(query.distribution === undefined ? [] : checkDistribution(query.distribution, query)),
  ];
}

/** One warning per input at its first use, unless the caller said it will supply a value. */
function inputWarnings(uses: readonly NameUse[], scopes: ScopeInfo, supplied: ReadonlySet<string>, hosts: ReadonlySet<string>): Diagnostic[] {
  const candidates = new Set([...BUILTINS, ...hosts, ...visibleNames(scopes.module)]);
  for (const frame of scopes.frameOf.values()) for (const n of visibleNames(frame)) candidates.add(n);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const use of uses) {
    if (seen.has(use.name) || supplied.has(use.name)) continue;
    // Another input read earlier is a candidate too: `langauge` after `language` is likely a typo.
    out.push(inputName(use.name, use.span, closest(use.name, [...candidates, ...seen])));
    seen.add(use.name);
  }
  return out;
}

const spanKey = (d: { readonly span: { readonly start: number; readonly end: number } }): string => `${d.span.start}:${d.span.end}`;

/**
 * Checks a parsed query. Never throws for user input: an AST too deep for the recursive passes
 * (e.g. an `and` chain of tens of thousands of terms) becomes an E299 diagnostic.
 */
export function check(query: Query, options: CheckOptions = {}): PhaseResult<CheckedQuery> {
  try {
    return runPasses(query, options);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { value: { query, inputs: [], inputSpans: new Map(), holes: [], functions: [], libraryImports: new Set() }, diagnostics: [nestedTooDeeply(query.span)] };
  }
}

function runPasses(query: Query, options: CheckOptions): PhaseResult<CheckedQuery> {
  const hosts = new Set(options.hostFunctions ?? []);
  const { classes, imports, library } = unsupportedBindings(query.body, options.source?.text);
  // An imported name stands for what the host would have to provide; the import itself is an error.
  const isHostFunction = (name: string): boolean => hosts.has(name) || imports.has(name);
  const scopes = resolveScopes(query, (name) => isHostFunction(name) || classes.has(name), (name) => library.has(name));
  const functions = collectFunctions(query.body);
  const holes = checkHoles(scopes.frameOf, functions, { isHostFunction, isUnsupportedClass: (name) => classes.has(name) });
  const unresolved = [...scopes.unresolved, ...holes.inputUses].sort((a, b) => a.span.start - b.span.start);
  const errors = [
    ...checkStatements(query.body, options.source?.text),
    ...unresolved.filter((u) => UNSUPPORTED_BUILTINS.has(u.name)).map((u) => unsupportedBuiltin(u.name, u.span)),
    ...scopes.libraryInCode.map((u) => libraryInCode(u.name, u.span)),
    ...holes.diagnostics,
    ...constraintDiagnostics(query, scopes, isHostFunction),
    ...clauseDiagnostics(query, scopes, isHostFunction),
  ];
  // A use an error already reports (a misspelt constraint subject or decoder) is no input use.
  const errorAt = new Set(errors.map(spanKey));
  const uses = unresolved.filter((u) => !UNSUPPORTED_BUILTINS.has(u.name) && !errorAt.has(spanKey(u)));
  const warnings = [...inputWarnings(uses, scopes, new Set(options.inputs ?? []), hosts), ...checkRoles(scopes.frameOf.keys())];
  const diagnostics = [...errors, ...warnings].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
  );
  const inputSpans = new Map<string, Span>();
  for (const u of uses) if (!inputSpans.has(u.name)) inputSpans.set(u.name, u.span);
  return { value: { query, inputs: [...inputSpans.keys()], inputSpans, holes: holes.holes, functions, libraryImports: lmqlImports(query.body, options.source?.text) }, diagnostics };
}
