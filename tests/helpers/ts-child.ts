import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/*
 * Runs TypeScript in a separate Node process, for tests that must kill a process outright (crash
 * recovery, "no server outlives a SIGKILLed test"). Node 20 cannot strip types, so module hooks
 * transpile .ts files with the repo's own TypeScript and map NodeNext `./x.js` imports to `./x.ts`.
 */

const typescriptUrl = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;

const hooks = `
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from ${JSON.stringify(typescriptUrl)};
export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (specifier.endsWith('.js') && parent?.startsWith('file:') && parent.endsWith('.ts')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', parent);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const { outputText } = ts.transpileModule(readFileSync(fileURLToPath(url), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: fileURLToPath(url),
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
`;

const register = `import { register } from 'node:module'; register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(hooks)}`,
)});`;

/** File URL of a module next to this one, for `import()` inside child code. */
export function helperUrl(file: string): string {
  return new URL(file, import.meta.url).href;
}

/**
 * Spawns `node` running `code` as an ES module; the code may `await import()` .ts files by URL.
 * stdio defaults to pipes.
 */
export function spawnTs(code: string, options: SpawnOptions = {}): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      '--input-type=module',
      '-e',
      code,
    ],
    { stdio: 'pipe', ...options },
  );
}
