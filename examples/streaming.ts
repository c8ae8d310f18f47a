/**
 * Streaming: `query.stream()` is an AsyncIterable of the run's events (text as it is decided,
 * holes starting and ending, rewrites), then one `result` per result and `done`.
 * Run it with `npx tsx examples/streaming.ts`.
 */
import { fileURLToPath } from "node:url";
import { lmql } from "../src/index.js";

/** Prints the prompt as it is decoded; returns the final prompt and the streamed text, which agree. */
export async function main(topic = "the sea", model = "local:tiny-lm", write: (s: string) => void = (s) => process.stdout.write(s)): Promise<{ streamed: string; prompt: string }> {
  // `${topic}` is bound as a value (an input), never spliced into the query's source.
  const query = lmql`"A short poem about ${topic}:\n[POEM]" where STOPS_AT(POEM, "\n") and len(TOKENS(POEM)) < 20`;
  let streamed = "";
  let prompt = "";
  for await (const event of query.stream({ model })) {
    switch (event.type) {
      case "text":
        streamed += event.text;
        write(event.text);
        break;
      case "rewrite":
        // Post-processing changed text already shown (e.g. a stop phrase removed).
        streamed = streamed.slice(0, event.at) + event.text;
        break;
      case "done":
        prompt = event.run.results[0]!.prompt;
        break;
      default:
        break;
    }
  }
  write("\n");
  return { streamed, prompt };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
