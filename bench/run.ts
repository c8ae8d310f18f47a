/**
 * `npm run bench [-- masks|decode] [--vocab NAME]`: runs the named benchmark, or all of them. Each is
 * imported lazily so one missing or broken benchmark does not stop the other.
 */

type BenchName = "masks" | "decode";

interface Invocation {
  readonly benches: readonly BenchName[];
  readonly vocabs?: readonly string[];
}

const USAGE = "usage: npm run bench [-- masks|decode] [--vocab NAME ...]";

function parseArgs(args: readonly string[]): Invocation | string {
  const benches: BenchName[] = [];
  const vocabs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "masks" || arg === "decode") benches.push(arg);
    else if (arg === "--vocab" && i + 1 < args.length) vocabs.push(args[++i]);
    else return `unknown argument ${JSON.stringify(arg)}\n${USAGE}`;
  }
  return {
    benches: benches.length > 0 ? benches : ["masks", "decode"],
    ...(vocabs.length > 0 ? { vocabs } : {}),
  };
}

// Specifiers in variables: a bench file that is missing must be reported here, not break the build.
const MODULES: Record<BenchName, string> = { masks: "./masks.js", decode: "./decode.js" };
const ENTRY: Record<BenchName, string> = { masks: "runMaskBench", decode: "runDecodeBench" };

async function runOne(name: BenchName, invocation: Invocation): Promise<boolean> {
  let module: Record<string, unknown>;
  try {
    module = (await import(MODULES[name])) as Record<string, unknown>;
  } catch (error) {
    console.error(`bench ${name}: cannot load bench/${name}.ts: ${error instanceof Error ? error.message : error}`);
    return false;
  }
  const entry = module[ENTRY[name]];
  if (typeof entry !== "function") {
    console.error(`bench ${name}: bench/${name}.ts does not export ${ENTRY[name]}()`);
    return false;
  }
  const options = name === "masks" && invocation.vocabs ? { vocabs: invocation.vocabs } : undefined;
  try {
    const outcome: unknown = await (entry as (options?: unknown) => Promise<unknown>)(options);
    // A bench reports failed verification by resolving to false; anything else counts as success.
    return outcome !== false;
  } catch (error) {
    // A crashed bench must not keep the other from running; its stack is what one debugs it with.
    console.error(`bench ${name} failed:`, error);
    return false;
  }
}

async function main(): Promise<number> {
  const invocation = parseArgs(process.argv.slice(2));
  if (typeof invocation === "string") {
    console.error(invocation);
    return 2;
  }
  let ok = true;
  for (const name of invocation.benches) {
    if (!(await runOne(name, invocation))) ok = false;
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
