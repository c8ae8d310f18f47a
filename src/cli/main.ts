/**
 * `lmql` entry point: picks the subcommand and hands over. Each subcommand lives in its own file
 * and returns an exit code (0 ok, 64 usage, 65 query errors, 70 runtime errors).
 */
export const EXIT = { ok: 0, usage: 64, dataErr: 65, software: 70 } as const;

const USAGE = `lmql — a query language for large language models (LMQL syntax, TypeScript runtime)

Usage:
  lmql check FILE... [--json]          check queries and print diagnostics
  lmql run FILE [options]              run a query on a model
  lmql help                            show this help

Run 'lmql COMMAND --help' for a command's options.
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import("./check-command.js")).checkCommand,
  run: async () => (await import("./run-command.js")).runCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write("lmql-ts 0.1.0\n");
    return EXIT.ok;
  }
  // An own property only: `lmql constructor` is an unknown command, not Object's constructor.
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    process.stderr.write(`lmql: unknown command '${name}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  const command = await load();
  return command(rest);
}
