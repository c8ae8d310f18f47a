/**
 * The language's facts, each defined once: constraint functions, builtins, hole types, library
 * names, chat roles, keywords (decoders: `decoders.ts`). Every phase imports them from here.
 */
export * from "./constraint-functions.js";
export * from "./keywords.js";
export * from "./names.js";
export * from "./model-ids.js";
