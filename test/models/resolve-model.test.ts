import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { bundledModelsFolder, packageRoot, resolveModel } from "../../src/models/resolve-model.js";
import { ModelLoadError } from "../../src/models/model-load-error.js";

describe("resolveModel", () => {
  it("bundled ids resolve against the package root, not the working directory", () => {
    expect(bundledModelsFolder()).toBe(join(packageRoot(), "models"));
    for (const id of ["tiny-lm", "local:tiny-lm"]) {
      expect(resolveModel(id)).toEqual({ kind: "folder", folder: join(packageRoot(), "models", "tiny-lm"), dtype: "q8" });
    }
  });

  it("picks the dtype from the files present: micro-lm ships fp32 only", () => {
    expect(resolveModel("local:micro-lm")).toMatchObject({ kind: "folder", dtype: "fp32" });
  });

  it("a folder path is a folder; an org/name id goes to the hub", () => {
    expect(resolveModel(join(packageRoot(), "models", "micro-lm"))).toMatchObject({ kind: "folder", dtype: "fp32" });
    expect(resolveModel("HuggingFaceTB/SmolLM2-135M-Instruct")).toEqual({ kind: "hub", hubId: "HuggingFaceTB/SmolLM2-135M-Instruct", dtype: "q8" });
    expect(resolveModel("org/name", "fp32")).toMatchObject({ kind: "hub", dtype: "fp32" });
  });

  it("anything else is E801 with a hint listing the bundled models", () => {
    for (const id of ["local:nope", "not a model id", "local:org/name"]) {
      const err = (() => {
        try {
          resolveModel(id);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(ModelLoadError);
      expect((err as ModelLoadError).code).toBe("E801");
      expect((err as ModelLoadError).hint).toContain("local:tiny-lm");
    }
  });
});
