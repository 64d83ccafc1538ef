import { describe, expect, it } from 'vitest';
import { composeNew, composeReply } from '../../src/compose/index.js';
import { isUserError } from '../../src/errors.js';
import { customerMessage, JUDY, NOW, parse, SEND_AS } from './support/compose-kit.js';

/**
 * The body of a reply, read back from the built message: the agent's text, the signature behind
 * its `-- ` separator (RFC 3676 §4.3), then the original quoted, as plain text and as HTML where
 * every piece of text is escaped.
 */

const ORIGINAL = customerMessage({
  text: 'Hello,\r\n\r\nmy order <script>alert("x")</script> & co.\r\n> an older quote\r\n\r\nJudy\r\n',
});

describe('quoting', () => {
  it('quotes the original in plain text under an attribution line, in UTC by default', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: ORIGINAL,
      text: 'Hi Judy,\n\nit ships today.',
      now: NOW,
    });
    expect((await parse(reply.raw)).text).toBe(
      [
        'Hi Judy,',
        '',
        'it ships today.',
        '',
        'On Tue, 1 Dec 2026 at 09:00 UTC, Judy Smith <judy@customer.example> wrote:',
        '> Hello,',
        '>',
        '> my order <script>alert("x")</script> & co.',
        '>> an older quote',
        '>',
        '> Judy',
        '',
      ].join('\n'),
    );
  });

  it('renders the date in the time zone given, with its offset', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: ORIGINAL,
      text: 'Hi',
      now: NOW,
      timeZone: 'Europe/Paris',
    });
    expect((await parse(reply.raw)).text).toContain(
      'On Tue, 1 Dec 2026 at 10:00 UTC+01:00, Judy Smith <judy@customer.example> wrote:',
    );
    await expect(
      composeReply({
        identity: SEND_AS,
        original: ORIGINAL,
        text: 'Hi',
        now: NOW,
        timeZone: 'Mars/Olympus',
      }),
    ).rejects.toSatisfy((error) => isUserError(error, 'invalid') && error.field === 'timeZone');
  });

  it('attributes an undated original from its sender alone', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({ date: null, from: { address: JUDY.address } }),
      text: 'Hi',
      now: NOW,
    });
    expect((await parse(reply.raw)).text).toContain('\njudy@customer.example wrote:\n> Hello,\n');
  });

  it('quotes in HTML inside a cite blockquote, escaping the original and the agent text', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: ORIGINAL,
      text: 'Hi <b>Judy</b> & all,\n\nit ships "today".',
      now: NOW,
    });
    const html = (await parse(reply.raw)).html || '';
    expect(html).not.toMatch(/<script|<b>/iu);
    expect(html).toContain(
      '<p>Hi &lt;b&gt;Judy&lt;/b&gt; &amp; all,</p><p>it ships &quot;today&quot;.</p>',
    );
    expect(html).toContain(
      'On Tue, 1 Dec 2026 at 09:00 UTC, Judy Smith &lt;judy@customer.example&gt; wrote:',
    );
    const quote = /<blockquote type="cite"[^>]*>(.*)<\/blockquote>/su.exec(html)?.[1];
    expect(quote).toBe(
      '<p>Hello,</p><p>my order &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co.<br>' +
        '&gt; an older quote</p><p>Judy</p>',
    );
  });

  it('refuses a reply with no text', async () => {
    await expect(
      composeReply({ identity: SEND_AS, original: ORIGINAL, text: ' \n ', now: NOW }),
    ).rejects.toSatisfy((error) => isUserError(error, 'invalid') && error.field === 'text');
  });
});

describe('signatures', () => {
  it('sit between the text and the quote behind "-- " in plain text, and in HTML', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: ORIGINAL,
      text: 'Hi Judy',
      signature: 'Dana Kim\nAcme Support <support@acme.example>',
      now: NOW,
    });
    const parsed = await parse(reply.raw);
    expect(parsed.text).toMatch(
      /^Hi Judy\n\n-- \nDana Kim\nAcme Support <support@acme\.example>\n\nOn Tue, 1 Dec 2026 at 09:00 UTC, /u,
    );
    const html = parsed.html || '';
    const signature = html.indexOf(
      '<div class="signature">-- <br>Dana Kim<br>Acme Support &lt;support@acme.example&gt;</div>',
    );
    expect(signature).toBeGreaterThan(html.indexOf('<p>Hi Judy</p>'));
    expect(signature).toBeLessThan(html.indexOf('<blockquote'));
  });

  it('get one separator when they carry their own, and none at all when absent', async () => {
    const own = await composeNew({
      identity: SEND_AS,
      to: [JUDY],
      subject: 'Hello',
      text: 'Welcome.',
      signature: '-- \nThe Acme team\n',
      now: NOW,
    });
    expect((await parse(own.raw)).text).toBe('Welcome.\n\n-- \nThe Acme team\n');

    const none = await composeNew({
      identity: SEND_AS,
      to: [JUDY],
      subject: 'Hello',
      text: 'Welcome.',
      signature: '  ',
      now: NOW,
    });
    const parsed = await parse(none.raw);
    expect(parsed.text).toBe('Welcome.\n');
    expect(parsed.html).not.toContain('signature');
  });
});
