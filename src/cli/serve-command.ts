import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedDemo } from '../app/demo.js';
import { openSwitchboard } from '../app/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, lineLogger, serveApp, servedSecrets } from '../host/index.js';
import { appOptions } from './cli-settings.js';
import { stringOption, type CommandContext } from './command-context.js';
import { portOption, tlsOption } from './listen-options.js';
import { stopSignal } from './stop-signal.js';
import { packageRoot } from './version.js';

/*
 * `switchboard serve`: the whole app for a data directory (syncing as the desktop app will), in
 * a browser: the built renderer and the app's contract, served by the browser host (src/host/)
 * to whoever opens the URL it prints last, which carries this launch's key.
 */

export const SERVE_OPTIONS = {
  /** A non-loopback --host without TLS: the network is trusted, said explicitly. */
  'insecure-public': { type: 'boolean', default: false },
  /** The demo workspace (src/demo/), in a fresh data directory unless --data names one. */
  demo: { type: 'boolean', default: false },
} as const;

export const SERVE_USAGE = `  serve [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--tls-cert FILE --tls-key FILE] [--insecure-public] [--demo]   (the app in a browser: open the URL it prints last; --demo: a demo team's shared inbox, no mail server needed)`;

export async function runServeCommand(ctx: CommandContext): Promise<number> {
  const { values, output, settings } = ctx;
  const log = (line: string) => output.err(`switchboard: ${line}`);
  const tls = tlsOption(values);
  const options = {
    staticDir: resolve(settings.rendererDir ?? join(packageRoot(), 'dist', 'renderer')),
    host: stringOption(values, 'host') ?? DEFAULT_HOST,
    port: portOption(values, DEFAULT_PORT),
    ...(tls ? { tls } : {}),
    insecurePublic: values['insecure-public'] === true,
    log,
  };
  const signal = stopSignal();
  try {
    // The demo in a data directory of its own unless one is named: never mixed into real mail.
    const dataDir =
      values.demo && values.data === undefined
        ? join(mkdtempSync(join(tmpdir(), 'switchboard-demo-')), 'data')
        : ctx.dataDir;
    if (values.demo) {
      const seeded = await seedDemo({ dataDir, clock: { now: () => Date.now() } });
      log(`the demo: ${seeded.user.name}'s team, in ${dataDir}`);
    }
    const opened = appOptions(dataDir, settings);
    const app = await openSwitchboard({
      ...opened,
      // A typed password is kept in the data directory's file (appOptions); none is a variable.
      secrets: servedSecrets(opened.secrets),
      logger: lineLogger(log),
    });
    try {
      const host = await serveApp(app, options);
      if (host.exposure === 'insecure-public')
        log(
          'serving unencrypted to the network: whoever sees the traffic reads the key and the mail',
        );
      // The last line, for a person to open and a script to read.
      output.out(host.url);
      await signal.stopped;
      await host.close();
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    signal.dispose();
  }
}
