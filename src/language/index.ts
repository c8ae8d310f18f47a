/**
 * The language's facts, each defined once: constraint functions, builtins, hole types, library
 * names, chat roles, keywords, model-id backends (decoders: `decoders.ts`). Every phase imports
 * them from here.
 */
export {
  CONSTRAINT_FUNCTION_NAMES,
  CONSTRAINT_FUNCTIONS,
  constraintFunction,
  type ArgKind,
  type BoundConstraintFunction,
  type CallLowering,
  type ConstraintFunction,
  type ConstraintFunctionName,
  type CountMeasure,
  type RuntimeBinding,
} from "./constraint-functions.js";
export { CLAUSE_KEYWORDS, RESERVED_WORDS } from "./keywords.js";
export {
  BUILTINS,
  CHAT_ROLES,
  HOLE_TYPE_NAMES,
  isHoleTypeName,
  isKnownGlobal,
  LIBRARY_NAMES,
  RUNTIME_NAMES,
  UNSUPPORTED_BUILTINS,
  type HoleTypeName,
} from "./names.js";
export { modelIdOfClause, otherBackendOf, providedSpellingOf } from "./model-ids.js";
