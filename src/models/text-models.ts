/**
 * Which model ids name a text backend (a hosted API) rather than a local logits model, and opening
 * one. Local ids never reach here, so a local run needs no API client.
 */
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

export function isTextModel(model: unknown): model is TextModel {
  return typeof model === "object" && model !== null && (model as { kind?: unknown }).kind === "text";
}
