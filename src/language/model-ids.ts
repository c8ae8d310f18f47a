/**
 * LMQL's model ids that name a backend other than in-process transformers. LMQL's meaning of an id
 * wins over reading it as a Hugging Face id: `openai/...` is the OpenAI API in LMQL.
 */
const OTHER_BACKENDS: readonly { readonly backend: string; readonly test: RegExp }[] = [
  { backend: "the OpenAI API", test: /^(?:openai\/|azure\/|chatgpt$|gpt-(?:3\.5|4)|text-(?:davinci|curie|babbage|ada)-)/ },
  { backend: "the Anthropic API", test: /^(?:anthropic[/:]|claude)/ },
  { backend: "LMQL's random test model", test: /^random$/ },
  { backend: "llama.cpp", test: /^llama\.cpp:/ },
  { backend: "Replicate", test: /^replicate:/ },
];

/** The backend `id` names when it is one lmql-ts does not provide yet. */
export function otherBackendOf(id: string): string | undefined {
  return OTHER_BACKENDS.find((b) => b.test.test(id.trim()))?.backend;
}
