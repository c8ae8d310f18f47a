import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { bundledModelsFolder, packageRoot, resolveModel } from "../../src/models/resolve-model.js";
import { ModelLoadError } from "../../src/models/model-load-error.js";
import { compile } from "../../src/api/compile.js";
import { modelIdOf, run } from "../../src/api/run.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

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

describe("model ids of other backends", () => {
  const cases: readonly [string, string][] = [
    ["openai/gpt-3.5-turbo-instruct", "OpenAI"],
    ["chatgpt", "OpenAI"],
    ["gpt-4", "OpenAI"],
    ["text-davinci-003", "OpenAI"],
    ["random", "random"],
    ["llama.cpp:weights.gguf", "llama.cpp"],
    ["replicate:charles-dyfis-net/llama-2-13b-hf--lmtp-8bit", "Replicate"],
  ];

  it("are E805 naming the backend, with a hint towards a local model, never a hub lookup", () => {
    for (const [id, backend] of cases) {
      let err: unknown;
      try {
        resolveModel(id);
      } catch (e) {
        err = e;
      }
      expect(err, id).toBeInstanceOf(ModelLoadError);
      const e = err as ModelLoadError;
      expect(e.code, id).toBe("E805");
      expect(e.message, id).toContain(backend);
      expect(e.message, id).toContain("does not provide yet");
      expect(e.message, id).not.toMatch(/hub|unreachable/i);
      expect(e.hint, id).toContain("local:tiny-lm");
    }
  });

  it("name the id lmql-ts runs a bare claude-... model under", () => {
    expect(() => resolveModel("claude-3-5-sonnet")).toThrow(/Anthropic API: lmql-ts runs it as 'anthropic:claude-3-5-sonnet'/);
  });

  it("Hugging Face ids of other organisations still go to the hub", () => {
    expect(resolveModel("openai-community/gpt2")).toMatchObject({ kind: "hub" });
    expect(resolveModel("HuggingFaceTB/SmolLM2-135M-Instruct")).toMatchObject({ kind: "hub" });
  });

  it("a run names the backend at the `from` clause", async () => {
    const clauses = [`"openai/gpt-3.5-turbo-instruct"`, `lmql.model("random", seed=123)`, `lmql.model("meta-llama/Llama-2-13b-chat-hf", endpoint="replicate:org/model")`];
    for (const clause of clauses) {
      const text = `argmax\n    "Say [X]"\nfrom\n    ${clause}\nwhere\n    len(X) < 5\n`;
      const err = await run(text).then(() => undefined, (e: unknown) => e);
      expect(err, clause).toBeInstanceOf(LmqlError);
      const d = (err as LmqlError).diagnostics[0]!;
      expect(d.code).toBe("E805");
      expect(text.slice(d.span.start, d.span.end)).toMatch(/^"(openai|random|replicate)/);
    }
  });

  it("lmql.model(id, key=value, ...) with options lmql-ts does not use still compiles and runs", async () => {
    const text = `argmax\n    "Say [X]"\nfrom\n    lmql.model("local:tiny-lm", cuda=True, load_in_4bit=True)\nwhere\n    len(X) < 5\n`;
    const compiled = compile(text);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (compiled.kind !== "ok") throw new Error("expected a compiled query");
    expect(modelIdOf(compiled.query.program)?.id).toBe("local:tiny-lm");
    const result = await run(text, { model: scriptedModel(["Hi"]) });
    expect(result.results[0]!.variables).toEqual({ X: "Hi" });
  });
});

describe("unknown model ids", () => {
  it("suggest the bundled model a typo is close to", () => {
    expect(() => resolveModel("tiny-lmm")).toThrow(ModelLoadError);
    try {
      resolveModel("tiny-lmm");
    } catch (e) {
      expect((e as ModelLoadError).hint).toBe("did you mean 'local:tiny-lm'?");
    }
  });

  it("say that an organisation-less Hugging Face id such as gpt2 needs an ONNX export", () => {
    expect(() => resolveModel("gpt2")).toThrow(/transformers\.js cannot load the Hugging Face model 'gpt2'/);
  });
});
