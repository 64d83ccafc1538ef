import { readCliSettings } from './cli-settings.js';
import { runCli } from './run-cli.js';
import { processOutput } from './output.js';

// A reader that stops early (`switchboard conversations | head -1`) closes the pipe, and the next
// write fails with EPIPE (Node ignores SIGPIPE, which would end a C program there). Nobody is left
// to read anything more: end quietly, as `git log | head` does, with the exit status of a command
// that was cut short on purpose (0), and no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// The CLI's edge: the one place that reads the process environment.
process.exitCode = await runCli(process.argv.slice(2), processOutput, readCliSettings(process.env));
