/**
 * Where a model id points: a bundled model in the package's `models/` folder, a folder on disk, or
 * a Hugging Face hub id. Bundled models resolve against the package root, not the working
 * directory, so `lmql run` works from anywhere.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { otherBackendOf, providedSpellingOf } from "../language/index.js";
import { editDistance } from "../diagnostics/suggest.js";
import { ModelLoadError } from "./model-load-error.js";

export type ModelDtype = "q8" | "fp32";

export type ModelSource =
  | { readonly kind: "folder"; readonly folder: string; readonly dtype: ModelDtype }
  | { readonly kind: "hub"; readonly hubId: string; readonly dtype: ModelDtype };

/** The bundled models; `local:NAME` and bare `NAME` both name them. */
export const BUNDLED_MODELS: readonly string[] = ["tiny-lm", "micro-lm"];

/** `src/models/x.ts` and `dist/models/x.js` both sit two levels below the package root. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

export function bundledModelsFolder(): string {
  return join(packageRoot(), "models");
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
/** A Hugging Face id without an organisation (`gpt2`, `bert-base-uncased`). */
const LEGACY_HUB_ID = /^[A-Za-z][\w.-]*$/;

function backendUnavailable(id: string, backend: string): ModelLoadError {
  const spelling = providedSpellingOf(id);
  if (spelling !== undefined) return new ModelLoadError("E805", id, `model '${id}' names ${backend}: lmql-ts runs it as '${spelling}'`, `write from "${spelling}" (the API key comes from the environment)`);
  return new ModelLoadError(
    "E805",
    id,
    `model '${id}' names ${backend}, a backend lmql-ts does not provide yet`,
    `run the query on a local model instead: ${BUNDLED_MODELS.map((m) => `'local:${m}'`).join(", ")}, a path to a model folder, or a Hugging Face id ('org/name') in the transformers.js ONNX layout`,
  );
}

export function resolveModel(id: string, dtype?: ModelDtype): ModelSource {
  const local = id.startsWith("local:") ? id.slice("local:".length) : id;
  if (BUNDLED_MODELS.includes(local)) return folderSource(id, join(bundledModelsFolder(), local), dtype);
  if (looksLikePath(local)) return folderSource(id, resolve(local), dtype);
  const backend = otherBackendOf(id);
  if (backend !== undefined) throw backendUnavailable(id, backend);
  if (existsSync(local)) return folderSource(id, resolve(local), dtype);
  if (!id.startsWith("local:") && HUB_ID.test(id)) return { kind: "hub", hubId: id, dtype: dtype ?? "q8" };
  const typo = BUNDLED_MODELS.find((m) => editDistance(local, m) <= 2);
  if (typo !== undefined) throw new ModelLoadError("E801", id, `unknown model '${id}': no bundled model or folder of that name`, `did you mean 'local:${typo}'?`);
  if (!id.startsWith("local:") && LEGACY_HUB_ID.test(id)) {
    // LMQL serves `gpt2`-style ids with transformers; transformers.js needs an ONNX export of them.
    throw new ModelLoadError("E801", id, `unknown model '${id}': not a bundled model or a folder, and transformers.js cannot load the Hugging Face model '${id}' itself (it has no ONNX export)`, `use an ONNX export such as 'Xenova/${id}' (where the hub is reachable), a local folder, or 'local:tiny-lm'`);
  }
  throw new ModelLoadError(
    "E801",
    id,
    `unknown model '${id}': not a bundled model, a folder, or a Hugging Face id`,
    `use one of ${BUNDLED_MODELS.map((m) => `'local:${m}'`).join(", ")}, a path to a model folder, or a hub id such as 'org/name'`,
  );
}

function looksLikePath(id: string): boolean {
  return isAbsolute(id) || id.startsWith("./") || id.startsWith("../") || id.startsWith("~") || id === ".";
}

/** The files decide the dtype: q8 when its weights are present (faster on CPU), else fp32. */
function folderSource(id: string, folder: string, requested: ModelDtype | undefined): ModelSource {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ModelLoadError("E801", id, `model folder not found: ${folder}`, "check the path; a model folder holds config.json, tokenizer.json and onnx/model.onnx");
  }
  for (const needed of ["config.json", "tokenizer.json", "tokenizer_config.json"]) {
    if (!existsSync(join(folder, needed))) {
      throw new ModelLoadError("E802", id, `model folder ${folder} has no ${needed}`, "export the model with Optimum (transformers.js layout): config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx");
    }
  }
  const q8 = existsSync(join(folder, "onnx", "model_quantized.onnx"));
  const fp32 = existsSync(join(folder, "onnx", "model.onnx"));
  const dtype = requested ?? (q8 ? "q8" : "fp32");
  if ((dtype === "q8" && !q8) || (dtype === "fp32" && !fp32)) {
    const file = dtype === "q8" ? "onnx/model_quantized.onnx" : "onnx/model.onnx";
    const other = q8 || fp32 ? ` (it has ${q8 ? "q8" : "fp32"} weights; ask for that dtype)` : "";
    throw new ModelLoadError("E802", id, `model folder ${folder} has no ${file}`, `put the ONNX weights in ${join(folder, file)}${other}`);
  }
  return { kind: "folder", folder, dtype };
}

