/**
 * The safety corpus: hostile queries that once escaped as stack traces, ran away or leaked, each
 * annotated like a conformance case (`# reply:`, `# arg:`, `# expect:`, `# error:`), plus
 * `# option: name = json` (a run option such as maxSteps) and `# host: name` (a hostile host
 * value from HOST_VALUES, bound as an input).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const CORPUS = join(import.meta.dirname, "corpus");

export interface CorpusCase {
  readonly file: string;
  readonly text: string;
  readonly replies: string[];
  readonly args: Record<string, unknown>;
  readonly options: Record<string, unknown>;
  readonly expects: string[];
  readonly error: string | undefined;
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".lmql"))
    .sort()
    .map((file) => parseCase(file, readFileSync(join(CORPUS, file), "utf8")));
}

function parseCase(file: string, text: string): CorpusCase {
  const c: CorpusCase = { file, text, replies: [], args: {}, options: {}, expects: [], error: undefined };
  let error: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^# (reply|arg|option|host|expect|error): (.*)$/.exec(line);
    if (m === null) continue;
    const [, key, rest] = m as unknown as [string, string, string];
    if (key === "reply") c.replies.push(JSON.parse(rest) as string);
    else if (key === "expect") c.expects.push(rest);
    else if (key === "error") error = rest.trim();
    else if (key === "host") Object.assign(c.args, HOST_VALUES[rest.trim()]!());
    else {
      const eq = rest.indexOf("=");
      (key === "arg" ? c.args : c.options)[rest.slice(0, eq).trim()] = JSON.parse(rest.slice(eq + 1));
    }
  }
  return { ...c, error };
}

/** Host values no query should be able to crash on, by the name a case's `# host:` gives. */
export const HOST_VALUES: Readonly<Record<string, () => Record<string, unknown>>> = {
  cyclic: () => {
    const xs: unknown[] = [1];
    xs.push(xs);
    return { xs };
  },
  "throwing-getter": () => ({
    obj: new (class Hostile {
      get boom(): never {
        throw new Error("getter exploded");
      }
    })(),
  }),
  "proxy-cycle": () => {
    const p: object = new Proxy(
      {},
      {
        get: () => p,
        ownKeys: () => ["a"],
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, value: p }),
      },
    );
    return { p };
  },
};
