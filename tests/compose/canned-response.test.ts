import { describe, expect, it } from 'vitest';
import {
  cannedValuesFor,
  composeReply,
  firstNameOf,
  renderCanned,
  type CannedValues,
} from '../../src/compose/index.js';
import { isUserError, UserError } from '../../src/errors.js';
import {
  AGENT,
  customerMessage,
  JUDY,
  MAILBOX,
  NOW,
  parse,
  SEND_AS,
} from './support/compose-kit.js';

/** Canned responses' variables: filled, or the send stops with an error naming the variable. */

const VALUES = cannedValuesFor({
  contact: JUDY,
  agent: AGENT,
  mailbox: MAILBOX,
  subject: 'Order 1234',
});

/** The UserError a render throws (the test fails when it throws nothing). */
function renderError(template: string, values: CannedValues, name?: string): UserError {
  try {
    renderCanned(template, values, name);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`rendered without an error: ${template}`);
}

describe('canned responses', () => {
  it('fill every variable, blanks inside the braces allowed', () => {
    const template =
      'Hi {{contact.firstName}} ({{ contact.name }}, {{contact.email}}),\n' +
      'about "{{conversation.subject}}": {{agent.firstName}} here, {{ agent.name }} of ' +
      '{{mailbox.name}} <{{mailbox.email}}>.';
    expect(renderCanned(template, VALUES)).toBe(
      'Hi Judy (Judy Smith, judy@customer.example),\n' +
        'about "Order 1234": Dana here, Dana Kim of Acme Support <support@acme.example>.',
    );
  });

  it('refuse a variable with no value, naming it and the response', () => {
    const values = cannedValuesFor({
      contact: { address: 'judy@customer.example' },
      agent: AGENT,
      mailbox: MAILBOX,
      subject: 'Order',
    });
    const error = renderError('Hello {{contact.firstName}},', values, 'welcome');
    expect(isUserError(error, 'invalid')).toBe(true);
    expect(error.message).toBe('canned response "welcome": {{contact.firstName}} has no value');
    // Blank is no value either.
    expect(renderError('{{agent.name}}', { agent: { name: '  ' } }).message).toContain(
      '{{agent.name}} has no value',
    );
    expect(renderError('{{conversation.subject}}', {}).message).toContain(
      '{{conversation.subject}} has no value',
    );
  });

  it('refuse an unknown variable, naming it, and every faulty one at once', () => {
    const error = renderError(
      'Hi {{contact.fristName}} {{ order.id }} {{agent.phone}}',
      VALUES,
      'typo',
    );
    expect(isUserError(error, 'invalid')).toBe(true);
    expect(error.message).toMatch(
      /^canned response "typo": \{\{contact\.fristName\}\} is not a known variable/u,
    );
    expect(error.message).toContain('{{order.id}} is not a known variable');
    expect(error.message).toContain('{{agent.phone}} is not a known variable');
    expect(error.message).toContain('contact.firstName');
  });

  it('leave text without variables alone, single braces included', () => {
    expect(renderCanned('Use {braces} and } {{ as you like', {})).toBe(
      'Use {braces} and } {{ as you like',
    );
  });

  it('send what was rendered, escaped in the HTML part', async () => {
    const text = renderCanned('Hi {{contact.firstName}}, <we> got it.', VALUES);
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage(),
      text,
      now: NOW,
    });
    const parsed = await parse(reply.raw);
    expect(parsed.text?.startsWith('Hi Judy, <we> got it.\n')).toBe(true);
    expect(parsed.html).toContain('<p>Hi Judy, &lt;we&gt; got it.</p>');
  });
});

describe('first names', () => {
  it.each([
    ['Judy Smith', 'Judy'],
    ['  "Judy Smith"  ', 'Judy'],
    ['Smith, Judy', 'Judy'],
    ['Zoë Ångström', 'Zoë'],
    ['Judy', 'Judy'],
    ['judy@customer.example', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('of %j is %j', (name, expected) => {
    expect(firstNameOf(name)).toBe(expected);
  });
});
