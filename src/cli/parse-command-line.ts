import { parseArgs } from 'node:util';
import { UserError } from '../app/index.js';

/** The options a command line may hold (node:util parseArgs's option configuration). */
export type OptionSpecs = Readonly<
  Record<
    string,
    {
      type: 'string' | 'boolean';
      short?: string;
      default?: string | boolean;
      /** Given any number of times (`--to a --to b`): its values in order. */
      multiple?: boolean;
    }
  >
>;

/** What a command line gave for each option. */
export type OptionValues<T extends OptionSpecs> = {
  [K in keyof T]?: T[K]['type'] extends 'string'
    ? T[K]['multiple'] extends true
      ? string[]
      : string
    : boolean;
};

/**
 * Splits a command line into option values and positionals, refusing what it cannot use with one
 * line that names the option and says what it expects. parseArgs's own strict mode would refuse
 * the same lines, but in messages of up to three lines, and it takes `--limit -1` for a missing
 * value: here a value that looks like a negative number is a value, for its option to judge.
 */
export function parseCommandLine<T extends OptionSpecs>(
  argv: string[],
  options: T,
): { values: OptionValues<T>; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = token.rawName;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) throw new UserError('usage', `unknown option ${flag} (switchboard help lists them)`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UserError('usage', `${flag} takes no value`);
      continue;
    }
    const value = token.value;
    // `--name --email x`: the next option is not this one's value.
    if (value === undefined || (!token.inlineValue && /^-(?!\d)/.test(value)))
      throw new UserError(
        'usage',
        `${flag} needs a value${value === undefined ? '' : ` (one that starts with "-" goes as ${flag}=VALUE)`}`,
      );
    // `--data ''` would quietly mean "here" or "the default": an empty value is never meant.
    if (value.trim() === '')
      throw new UserError('usage', `${flag} needs a value, not an empty one`);
  }
  // Every option token was checked above: each value has its option's type.
  return { values, positionals };
}
