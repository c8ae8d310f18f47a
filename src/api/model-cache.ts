/**
 * Loaded models and their byte vocabularies, kept for the life of the process so repeated runs do
 * not reload the weights or rebuild the vocabulary.
 */
import type { Vocabulary } from "../constraints/engine.js";
import { vocabularyFromTokenizerJson } from "../constraints/vocabulary.js";
import type { LogitsModel } from "../models/model.js";
import { loadTransformersModel, type LoadProgress } from "../models/transformers.js";
import { ModelLoadError } from "../models/model-load-error.js";
import { isTextModelId } from "../models/text-models.js";
import { baseOf } from "./abort.js";

export { DEFAULT_MODEL } from "./default-model.js";

const models = new Map<string, Promise<LogitsModel>>();
const vocabularies = new WeakMap<LogitsModel, Vocabulary>();

/** The model for `id`, loading it once; a failed load is forgotten so a later call can retry. */
export function loadModel(id: string, onProgress?: (info: LoadProgress) => void): Promise<LogitsModel> {
  // Hosted ids (`anthropic:...`) are text backends that run() opens; never look them up on the hub.
  if (isTextModelId(id)) return Promise.reject(new ModelLoadError("E801", id, `'${id}' is a hosted model, not a local one`, "run it with run() or `lmql run`, which open hosted backends"));
  const key = canonicalId(id);
  let pending = models.get(key);
  if (pending === undefined) {
    pending = loadTransformersModel(id, onProgress === undefined ? {} : { onProgress });
    models.set(key, pending);
    pending.catch(() => models.delete(key));
  }
  return pending;
}

/** `tiny-lm` and `local:tiny-lm` are the same bundled model. */
function canonicalId(id: string): string {
  return id.startsWith("local:") ? id.slice("local:".length) : id;
}

export function vocabularyOf(guarded: LogitsModel): Vocabulary {
  // A run with a signal guards its model; the vocabulary is the underlying model's.
  const model = baseOf(guarded);
  let v = vocabularies.get(model);
  if (v === undefined) {
    v = vocabularyFromTokenizerJson(model.tokenizerJson, { eosTokenIds: model.eosTokenIds });
    vocabularies.set(model, v);
  }
  return v;
}

/** Frees every cached model (tests, long-lived hosts). */
export async function clearModelCache(): Promise<void> {
  const loaded = [...models.values()];
  models.clear();
  for (const pending of loaded) {
    try {
      await (await pending).dispose();
    } catch {
      // A model that failed to load has nothing to free.
    }
  }
}
