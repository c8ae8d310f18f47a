#!/usr/bin/env node
// The CLI is bundled into one file at build time: resolving hundreds of ESM files (chevrotain's
// lodash-es among them) cost about 0.3 s of start-up per run.
import { main } from "../dist/cli/lmql.mjs";

process.exitCode = await main(process.argv.slice(2));
