import { runCli } from './run-cli.js';
import { processOutput } from './output.js';

process.exitCode = await runCli(process.argv.slice(2), processOutput);
