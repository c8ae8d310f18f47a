/**
 * `lmql-ts/testing`: deterministic models for unit-testing prompt programs with vitest.
 */

/** A model that answers each hole with scripted text, through the real tokenizer and mask path. */
export { scriptedModel } from "./scripted-model.js";
export type { Script, ScriptedModel, ScriptedModelOptions } from "./scripted-model.js";
