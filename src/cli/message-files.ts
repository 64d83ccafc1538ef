import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import libmime from 'libmime';
import { UserError, type MethodInput } from '../app/index.js';
import { stringOption, type CliValues } from './command-context.js';

/*
 * The files a sending command names (`--text-file`, `--attach`), read here: no path crosses the
 * app's door, only the text, or the bytes with the file's name (contract/inputs.ts).
 */

export type AttachmentInput = NonNullable<MethodInput<'outbox.compose'>['attachments']>[number];

/** `--text-file FILE`: the message's text, UTF-8. */
export async function readTextFile(file: string): Promise<string> {
  const text = (await read(file, '--text-file')).toString('utf8');
  if (text.trim() === '') throw new UserError('invalid', `--text-file ${file} is empty`);
  return text;
}

/**
 * `--attach FILE`: its bytes in base64, its base name, and its type as its extension says
 * (application/octet-stream when it says nothing known).
 */
export async function readAttachment(file: string): Promise<AttachmentInput> {
  const bytes = await read(file, '--attach');
  const filename = basename(file);
  return {
    filename,
    contentType: libmime.detectMimeType(filename),
    contentBase64: bytes.toString('base64'),
  };
}

async function read(file: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : message;
    throw new UserError('invalid', `cannot read ${flag} ${file}: ${why}`);
  }
}

/**
 * The message's text: `--text TEXT` or `--text-file FILE` (read here), if given. At most one of
 * them and of `others` (`--canned`: a reply's text another way).
 */
export async function messageText(
  command: string,
  values: CliValues,
  others: string[] = [],
): Promise<string | undefined> {
  const ways = ['text', 'text-file', ...others];
  if (ways.filter((name) => values[name] !== undefined && values[name] !== false).length > 1)
    throw new UserError(
      'usage',
      `${command} takes one of ${ways.map((name) => `--${name}`).join(', ')}`,
    );
  const text = stringOption(values, 'text');
  if (text !== undefined) return text;
  const file = stringOption(values, 'text-file');
  return file === undefined ? undefined : readTextFile(file);
}
