/**
 * The checker's view of the names in `src/language/` (sets for lookups). Nothing is defined here:
 * the language module is the one definition.
 */
import { CONSTRAINT_FUNCTION_NAMES, HOLE_TYPE_NAMES as HOLE_TYPES } from "../language/index.js";

export { BUILTINS, isKnownGlobal, LIBRARY_NAMES, UNSUPPORTED_BUILTINS } from "../language/index.js";

/** Functions that only mean something inside a `where` clause (`len` is also a builtin). */
export const CONSTRAINT_FUNCTIONS: ReadonlySet<string> = new Set(CONSTRAINT_FUNCTION_NAMES);

export const HOLE_TYPE_NAMES: ReadonlySet<string> = new Set(HOLE_TYPES);
