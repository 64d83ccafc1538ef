import { ESLint } from 'eslint';
import { repoRoot } from './repo-root.js';

/** What the project's lint rules say of `code` as if it were `file`: its refused imports. */
export async function restrictedImports(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot() });
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot()}/${file}` });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}
