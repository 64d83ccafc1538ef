import type { Switchboard } from '../app/open-switchboard.js';
import { UserError } from '../app/index.js';
import type { CliSettings } from './cli-settings.js';
import type { Output } from './output.js';

/** The parsed options of a command line (see run-cli.ts's OPTIONS). */
export type CliValues = Record<string, string | string[] | boolean | undefined>;

/** What a command gets: its arguments, where its data is, where to print, its settings. */
export interface CommandContext {
  /** Positionals after the command's name. */
  args: string[];
  values: CliValues;
  /** `tag`'s +TAG / -TAG edits, taken out of argv before parsing (they look like options). */
  tagEdits: string[];
  dataDir: string;
  settings: CliSettings;
  output: Output;
  /**
   * The application for the data directory (the facade, src/app/), opened on first use and
   * closed when the command ends: what every command is to go through.
   */
  app(): Promise<Switchboard>;
}

export function requireArg(value: string | undefined, message: string): string {
  if (!value) throw new UserError('usage', message);
  return value;
}

/** A string option's value, if given. */
export function stringOption(values: CliValues, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable option's values (`--to a --to b`), none if not given. */
export function listOption(values: CliValues, key: string): string[] {
  const value = values[key];
  return Array.isArray(value) ? value : [];
}
