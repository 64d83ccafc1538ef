import { readCliSettings } from './cli-settings.js';
import { runCli } from './run-cli.js';
import { processOutput } from './output.js';

// The CLI's edge: the one place that reads the process environment.
process.exitCode = await runCli(process.argv.slice(2), processOutput, readCliSettings(process.env));
