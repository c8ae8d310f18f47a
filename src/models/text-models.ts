/**
 * Which model ids name a text backend (a hosted API) rather than a local logits model, and opening
 * one. Local ids never reach here, so a local run needs no API client.
 */
import type { Program } from "../ir/ir.js";
import { anthropicModelName, openAnthropic, type AnthropicOptions } from "./anthropic.js";
import type { TextModel } from "./text-model.js";

export interface TextModelOptions {
  readonly anthropic?: AnthropicOptions;
}

export function isTextModelId(id: string): boolean {
  return anthropicModelName(id) !== undefined;
}

/** Throws TextModelError (E818) for a missing key, before any request. */
export function openTextModel(id: string, options: TextModelOptions = {}): TextModel | undefined {
  if (anthropicModelName(id) !== undefined) return openAnthropic(id, options.anthropic);
  return undefined;
}

/**
 * `from lmql.model("anthropic/...", api_key="...", endpoint="...")`: the string-literal keyword
 * arguments (`base_url` is taken as `endpoint`); others are left to the environment.
 */
export function textModelOptionsOf(program: Program): TextModelOptions {
  const e = program.model?.expr;
  if (e === undefined || e.kind !== "call") return {};
  const literal = (names: readonly string[]): string | undefined => {
    for (const a of e.args) if (a.kind === "keyword" && names.includes(a.name) && a.value.kind === "string") return a.value.value;
    return undefined;
  };
  const apiKey = literal(["api_key"]);
  const baseURL = literal(["endpoint", "base_url"]);
  return { anthropic: { ...(apiKey === undefined ? {} : { apiKey }), ...(baseURL === undefined ? {} : { baseURL }) } };
}

export function isTextModel(model: unknown): model is TextModel {
  return typeof model === "object" && model !== null && (model as { kind?: unknown }).kind === "text";
}
