/**
 * Every diagnostic the checker reports: one factory per stable code. Errors are E200–E299,
 * warnings W200–W299. Tests match on the code and span; golden files on the rendered text.
 */
import { error, warning, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { UnsupportedConstruct } from "../syntax/ast.js";
import { unreachable } from "../diagnostics/diagnostic.js";

const didYouMean = (suggestion: string | undefined): string | undefined =>
  suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;

const withSuggestion = (suggestion: string | undefined, otherwise: string): string =>
  suggestion === undefined ? otherwise : `did you mean \`${suggestion}\`? ${otherwise}`;

// ---------------------------------------------------------------- statements

function unsupportedAdvice(construct: UnsupportedConstruct): string {
  switch (construct) {
    case "import":
      return "register host functions from TypeScript and call them by name";
    case "class":
      return "pass structured data in as inputs, or use dicts; typed (dataclass) holes are not supported yet";
    case "try":
      return "a failing call stops the query with a diagnostic; check values with `if` instead";
    case "with":
      return "resources belong to host functions registered from TypeScript";
    case "global":
    case "nonlocal":
      return "return values from functions instead of rebinding outer names";
    case "del":
      return "rebind the name or build a new list/dict instead";
    case "raise":
      return "return a value or stop the query with `return`";
    case "yield":
      return "return a list instead of yielding values";
    case "decorator":
      return "only `@lmql.query` is understood; register other functions from TypeScript";
    case "match":
      return "use `if`/`elif`/`else`";
    default:
      return unreachable(construct);
  }
}

/** E200: Python we parse but do not run. */
export function unsupportedStatement(construct: UnsupportedConstruct, at: Span): Diagnostic {
  return error("E200", `not supported in lmql-ts: \`${construct}\` — ${unsupportedAdvice(construct)}`, at);
}

/** E201: a decorator other than `@lmql.query` on a function. */
export function unsupportedDecorator(text: string, at: Span): Diagnostic {
  return error(
    "E201",
    `not supported in lmql-ts: decorator \`@${text}\` — register host functions from TypeScript`,
    at,
    "only `@lmql.query` is understood; to post-process a hole's value write `[@fn VAR]` in the prompt",
  );
}

/** E202: `break`/`continue` outside a loop. */
export function outsideLoop(keyword: "break" | "continue", at: Span): Diagnostic {
  return error("E202", `\`${keyword}\` outside a loop`, at, `\`${keyword}\` is only allowed inside the body of a \`for\` or \`while\` loop`);
}

/** E203: a Python builtin we deliberately do not provide (`eval`, `open`, ...). */
export function unsupportedBuiltin(name: string, at: Span): Diagnostic {
  return error(
    "E203",
    `not supported in lmql-ts: \`${name}\` — register a host function from TypeScript instead`,
    at,
    "queries run sandboxed: no dynamic code, files or interpreter state; a host function can do what the query needs",
  );
}

/** E204: LMQL's library read in ordinary code (`m = lmql.model(...)`): lmql-ts has no run-time `lmql`. */
export function libraryInCode(name: string, at: Span): Diagnostic {
  return error(
    "E204",
    `not supported in lmql-ts: \`${name}\` in query code — LMQL's library is only understood in the \`from\` clause and decorators`,
    at,
    "name the model in the query's `from` clause: from \"local:tiny-lm\" or from lmql.model(\"...\")",
  );
}

// ---------------------------------------------------------------- holes

/** E210: the same hole name filled with values of two different types in one scope. */
export function conflictingHoleTypes(name: string, first: string, second: string, at: Span): Diagnostic {
  return error(
    "E210",
    `hole \`${name}\` is used as \`${second}\` here but as \`${first}\` before`,
    at,
    `give the \`${second}\` value its own name, e.g. \`[${name}_${second.replace(/\W/g, "")}: ${second}]\``,
  );
}

/** E211: a hole type that is no type we know (`[X: bool]`, `[X: INT]`). */
export function unknownHoleType(type: string, at: Span, suggestion?: string): Diagnostic {
  return error(
    "E211",
    `unknown hole type \`${type}\``,
    at,
    withSuggestion(suggestion, "a hole type is `int`, `str`, `float`, a regex string such as `r'[0-9]+'`, or a query function"),
  );
}

/** E212: a hole typed by a name bound to something that is not a function. */
export function holeTypeNotFunction(type: string, boundAs: string, at: Span): Diagnostic {
  return error(
    "E212",
    `hole type \`${type}\` is a ${boundAs}, not a query function`,
    at,
    "a hole type is `int`, `str`, `float`, a regex string, or a function defined with `def` whose body holds prompts",
  );
}

/** E213: a hole typed by a plain function that holds no prompt. */
export function holeTypeNotQuery(type: string, at: Span): Diagnostic {
  return error(
    "E213",
    `\`${type}\` is not a query function: its body holds no prompt statement`,
    at,
    `to post-process a value use a decorator hole \`[@${type} VAR]\`; a query function's body contains prompt strings`,
  );
}

/** E215: `[p: Person]` where `Person` is a class: LMQL's dataclass holes. */
export function classHoleType(type: string, at: Span): Diagnostic {
  return error(
    "E215",
    `not supported yet: a hole typed by class \`${type}\` (dataclass-typed holes)`,
    at,
    "generate the fields as separate holes, e.g. `[NAME]` and `[AGE: int]`",
  );
}

/** E214: a regex (hole type or `REGEX(X, ...)`) that does not compile. */
export function invalidRegex(detail: string, at: Span): Diagnostic {
  return error("E214", `invalid regular expression: ${detail}`, at, "patterns use JavaScript regex syntax; escape special characters such as `(` `[` `{` with `\\`");
}

/** W202: a role tag other than system/user/assistant. */
export function unknownRole(role: string, at: Span, suggestion?: string): Diagnostic {
  return warning(
    "W202",
    `unknown chat role \`${role}\``,
    at,
    withSuggestion(suggestion, "roles are `{:system}`, `{:user}` and `{:assistant}`; a model's chat template may not know others"),
  );
}

// ---------------------------------------------------------------- constraints

/** E220: a constraint that names none of the holes it applies to. */
export function constraintWithoutHole(holes: readonly string[], at: Span, suggestion?: string): Diagnostic {
  const scope = holes.length === 0 ? "there is no hole here to constrain" : `it applies to ${holes.map((h) => `\`${h}\``).join(", ")}`;
  return error("E220", "constraint does not mention any hole", at, withSuggestion(suggestion, scope));
}

/** E221: an upper-case call in a constraint that is no constraint function. */
export function unknownConstraintFunction(name: string, at: Span, suggestion?: string): Diagnostic {
  return error(
    "E221",
    `unknown constraint function \`${name}\``,
    at,
    withSuggestion(suggestion, "constraint functions are TOKENS, WORDS, SENTENCES, INT, FLOAT, REGEX, STOPS_AT, STOPS_BEFORE and len"),
  );
}

/** E222: a constraint function called with the wrong number of arguments. */
export function constraintArity(name: string, usage: string, got: number, at: Span): Diagnostic {
  return error("E222", `\`${name}\` takes ${usage.split(",").length} argument${usage.includes(",") ? "s" : ""}, got ${got}`, at, `write \`${name}(${usage})\``);
}

/** E223: a constraint function's subject that is not a hole. */
export function constraintSubjectNotHole(fn: string, usage: string, at: Span, suggestion?: string): Diagnostic {
  return error("E223", `the first argument of \`${fn}\` must be a hole of this prompt`, at, didYouMean(suggestion) ?? `write \`${fn}(${usage})\` where X is a hole`);
}

/** E224: a literal of the wrong kind where a constraint function needs a string. */
export function constraintNeedsString(fn: string, at: Span): Diagnostic {
  return error("E224", `\`${fn}\` needs a string here`, at, `write the text in quotes, e.g. \`${fn}(X, "\\n")\``);
}

/** E225: `type(X) is Cls`, LMQL's dataclass preview. */
export function typeConstraintUnsupported(at: Span): Diagnostic {
  return error(
    "E225",
    "not supported yet: `type(X) is Cls` (dataclass-typed holes)",
    at,
    "generate the fields as separate holes, e.g. `[NAME]` and `[AGE: int]`, or constrain the value with REGEX",
  );
}

/** E226: a constraint no value can satisfy. */
export function unsatisfiable(reason: string, at: Span, hint: string): Diagnostic {
  return error("E226", `unsatisfiable constraint: ${reason}`, at, hint);
}

// ---------------------------------------------------------------- clauses

/** E240: a decoder we do not know. */
export function unknownDecoder(name: string, at: Span, suggestion?: string): Diagnostic {
  return error("E240", `unknown decoder \`${name}\``, at, withSuggestion(suggestion, "decoders are argmax, sample, beam, best_k, beam_sample, beam_var and var"));
}

/** E241: a decoder argument the decoder does not take. */
export function unknownDecoderArgument(decoder: string, arg: string, known: readonly string[], at: Span, suggestion?: string): Diagnostic {
  return error(
    "E241",
    `\`${decoder}\` has no argument \`${arg}\``,
    at,
    withSuggestion(suggestion, `\`${decoder}\` takes ${known.map((k) => `\`${k}\``).join(", ")}`),
  );
}

/** E242: a positional argument to a decoder. */
export function positionalDecoderArgument(decoder: string, at: Span): Diagnostic {
  return error("E242", `\`${decoder}\` takes keyword arguments only`, at, `name the argument, e.g. \`${decoder}(n=2)\``);
}

/** E243: a decoder argument outside its range. */
export function decoderArgumentRange(arg: string, requirement: string, at: Span): Diagnostic {
  return error("E243", `decoder argument \`${arg}\` must be ${requirement}`, at);
}

/** E250: `from ""` or `lmql.model("")`. */
export function emptyModel(at: Span): Diagnostic {
  return error("E250", "empty model name", at, 'name a model, e.g. `from "local:tiny-lm"`, or leave out the `from` clause to use the default');
}

/** E251: a `from` clause that is neither a string nor `lmql.model("id", ...)`. */
export function badModelClause(detail: string, at: Span): Diagnostic {
  return error("E251", `invalid model clause: ${detail}`, at, 'write `from "model-id"` or `from lmql.model("model-id", key=value)`');
}

/** E260: `distribution VAR in ...` where VAR is not a hole of the last prompt. */
export function distributionNotHole(variable: string, lastHoles: readonly string[], at: Span): Diagnostic {
  const holes = lastHoles.length === 0 ? "the last prompt has no hole" : `its holes: ${lastHoles.map((h) => `\`${h}\``).join(", ")}`;
  return error("E260", `\`${variable}\` is not a hole of the last prompt`, at, `the distribution clause scores a hole of the final prompt statement; ${holes}`);
}

/** E261: `distribution VAR in []`. */
export function distributionEmpty(at: Span): Diagnostic {
  return error("E261", "the distribution clause has no options", at, 'list the values to score, e.g. `distribution X in [" yes", " no"]`');
}

/** E262: a distribution option that is not a string. */
export function distributionOptionNotString(at: Span): Diagnostic {
  return error("E262", "distribution options must be strings", at, "each option is text the model could continue the prompt with; write it in quotes");
}

/** E299: the query is nested too deeply for the checker's recursion (a resource limit, not a bug). */
export function nestedTooDeeply(at: Span): Diagnostic {
  return error("E299", "the query is nested too deeply to check", at, "split long expressions or `and` chains into smaller parts");
}

// ---------------------------------------------------------------- inputs

/** W200: a name read but never defined: an input of the query. */
export function inputName(name: string, at: Span, suggestion?: string): Diagnostic {
  const message = `\`${name}\` is never defined: it is an input of the query`;
  return warning("W200", message, at, didYouMean(suggestion) ?? `give it a value with \`--arg ${name}=...\` or \`run(query, { args: { ${name} } })\``);
}

/**
 * E205: a decoder, `from`, `where` or `distribution` clause inside an `lmql` docstring. The parser
 * reads them (FunctionDef.clauses) as LMQL does; until lowering and runtime apply them, a silently
 * dropped constraint would break its promise, so the checker refuses them.
 */
export function docstringClausesUnsupported(at: Span): Diagnostic {
  return error(
    "E205",
    "not supported yet: query clauses (decoder, `from`, `where`, `distribution`) inside an lmql docstring",
    at,
    "put the constraints on the prompts (`\"...[X]\" where ...`) and the decoder and model on the calling query",
  );
}
