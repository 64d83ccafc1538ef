import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from '../../src/mime/html-entities.js';
import { htmlToText } from '../../src/mime/html-to-text.js';

describe('htmlToText: what is dropped', () => {
  it('drops head, title, style, script and comments, keeping the body text', () => {
    const html = `<!DOCTYPE html><html><head><title>Secret title</title>
      <meta charset="utf-8"><style>p { color: red } .x > .y {}</style></head>
      <body><!-- a comment with <p>markup</p> --><p>Visible</p>
      <script type="text/javascript">document.write("<p>injected</p>")</script>
      <SCRIPT>alert(1)</SCRIPT ><Style media="x">b{}</STYLE>end</body></html>`;
    const text = htmlToText(html);
    expect(text).toBe('Visible\n\nend');
  });

  it('drops Outlook conditional comments and <xml> islands but keeps downlevel-revealed content', () => {
    const html =
      '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings>junk</o:OfficeDocumentSettings></xml><![endif]-->' +
      '<xml>more junk</xml><![if !supportLists]>•<![endif]> Item';
    expect(htmlToText(html)).toBe('• Item');
  });

  it('runs an unterminated script or comment to the end, and a <head> without </head> to <body>', () => {
    expect(htmlToText('before<script>never closed <p>hidden')).toBe('before');
    expect(htmlToText('before<!-- never closed <p>hidden')).toBe('before');
    expect(htmlToText('<html><head><title>t</title><meta x><body><p>shown</p>')).toBe('shown');
  });

  it('does not mistake <header> for <head> or <xmlfoo> for <xml>', () => {
    expect(htmlToText('<header>Top</header><p>Body</p>')).toBe('Top\n\nBody');
    expect(htmlToText('<xmlfoo>kept</xmlfoo> text')).toBe('kept text');
  });

  it('keeps link text but not the URL, and drops images', () => {
    expect(
      htmlToText(
        'Read <a href="https://example.com/a?b=1&amp;c=2" title="x > y">the docs</a> <img src="cid:x" alt="logo">now',
      ),
    ).toBe('Read the docs now');
  });
});

describe('htmlToText: structure and whitespace', () => {
  it('turns block elements into line breaks and paragraphs into blank lines', () => {
    expect(htmlToText('<div>one</div><div>two</div>')).toBe('one\ntwo');
    expect(htmlToText('<p>one</p><p>two</p>')).toBe('one\n\ntwo');
    expect(htmlToText('<h1>Title</h1>text')).toBe('Title\n\ntext');
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>after')).toBe('a\nb\n\nafter');
    expect(htmlToText('<blockquote>quoted</blockquote>reply')).toBe('quoted\n\nreply');
  });

  it('gives each <br> its own line break, up to one blank line', () => {
    expect(htmlToText('a<br>b<br/>c<BR />d')).toBe('a\nb\nc\nd');
    expect(htmlToText('a<br><br>b')).toBe('a\n\nb');
    expect(htmlToText('a<br><br><br><br>b')).toBe('a\n\nb');
    expect(htmlToText('<div>a<br></div><div>b</div>')).toBe('a\nb');
  });

  it('lays out tables as rows of space-separated cells', () => {
    const html =
      '<table><tr><td>Name</td><td>Qty</td></tr><tr><th>Apples</th><td>3</td></tr></table>';
    expect(htmlToText(html)).toBe('Name Qty\nApples 3');
  });

  it('collapses source whitespace (newlines included) and trims', () => {
    expect(htmlToText('  <p>\n  Hello,\n\t  world  </p>\n\n  ')).toBe('Hello, world');
    expect(htmlToText('a&nbsp;&nbsp; b\u00a0\u00a0c')).toBe('a b c');
  });

  it('does not split words at inline tags', () => {
    expect(htmlToText('<b>Hel</b><i>lo</i> <span style="x">wor</span>ld')).toBe('Hello world');
  });

  it('removes zero-width preheader padding', () => {
    expect(htmlToText('Sale&zwnj;&nbsp;&zwnj;&#847;&#8203; today\u200c!')).toBe('Sale today!');
  });

  it('leaves a bare < that starts no tag', () => {
    expect(htmlToText('if a < b and c <3 d')).toBe('if a < b and c <3 d');
  });
});

describe('htmlToText: entities', () => {
  it('decodes after stripping, so escaped markup stays text', () => {
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
    expect(htmlToText('&amp;lt;')).toBe('&lt;');
  });

  it('keeps control characters from the source or from references out of the structure', () => {
    expect(htmlToText('a\u0001b&#1;c&#2;d<br>e')).toBe('abcd\ne');
  });
});

describe('decodeHtmlEntities', () => {
  it('decodes decimal and hex references, with or without ";"', () => {
    expect(decodeHtmlEntities('&#233;&#xE9;&#XE9;&#x1F600;&#65')).toBe('ééé😀A');
  });

  it('decodes the common named references', () => {
    expect(decodeHtmlEntities('&amp; &lt; &gt; &quot; &apos; &nbsp;|')).toBe('& < > " \'  |');
    expect(decodeHtmlEntities('&eacute;&Eacute;&euro;&copy;&reg;&hellip;&mdash;&ndash;')).toBe(
      'éÉ€©®…—–',
    );
    expect(decodeHtmlEntities('&lsquo;x&rsquo; &ldquo;y&rdquo; &laquo;z&raquo;')).toBe(
      '‘x’ “y” «z»',
    );
    expect(decodeHtmlEntities('&szlig;&yuml;&iexcl;&THORN;&OElig;&trade;&bull;')).toBe('ßÿ¡ÞŒ™•');
    expect(decodeHtmlEntities('&alpha;&Omega;&sigmaf;&rarr;')).toBe('αΩς→');
  });

  it('maps numeric references to 0x80-0x9F through windows-1252', () => {
    expect(decodeHtmlEntities('&#147;quoted&#148; &#150; &#128;5 &#153;')).toBe('“quoted” – €5 ™');
  });

  it('replaces impossible code points and drops control characters', () => {
    expect(decodeHtmlEntities('&#0;|&#xD800;|&#x110000;|&#99999999999;')).toBe(
      '\uFFFD|\uFFFD|\uFFFD|\uFFFD',
    );
    expect(decodeHtmlEntities('a&#7;b&#x7f;c')).toBe('abc');
    expect(decodeHtmlEntities('a&#10;b&#9;c')).toBe('a b c');
  });

  it('leaves unknown names and names that need ";" as written', () => {
    expect(decodeHtmlEntities('&bogus; &eacute &amp &copy2024 AT&T')).toBe(
      '&bogus; &eacute & &copy2024 AT&T',
    );
    expect(decodeHtmlEntities('a && b & c')).toBe('a && b & c');
  });
});

describe('htmlToText: cost', () => {
  it.each([
    ['unclosed quotes', '<a title="'.repeat(20_000)],
    ['unclosed single quotes', "<a title='x".repeat(20_000)],
    ['bare "<"', '<'.repeat(100_000)],
    ['tags that never close', '<p'.repeat(50_000)],
    ['script tags that never close', '<script'.repeat(20_000)],
    ['head tags that never close', '<head '.repeat(20_000)],
    ['declarations that never close', '<!x'.repeat(30_000)],
    ['comment openers', '<!--'.repeat(30_000)],
    ['entity starts', '&#'.repeat(50_000) + '&x'.repeat(50_000)],
    ['block markers', '<br><p>'.repeat(20_000)],
  ])('stays linear on hostile input: %s', (_name, hostile) => {
    // Quadratic passes take tens of seconds on these; linear ones take milliseconds.
    const started = performance.now();
    htmlToText(hostile);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('handles a typical newsletter quickly', () => {
    const block =
      '<table role="presentation" style="width:100%"><tr><td class="x" style="padding:10px">' +
      '<p style="font-family:Arial">Lorem ipsum <a href="https://example.com/track?id=1&amp;u=2">dolor</a>' +
      ' sit&nbsp;amet, consectetur&hellip;</p></td></tr></table>\n';
    const html = `<html><head><style>${'.a{color:red}'.repeat(200)}</style></head><body>${block.repeat(150)}</body></html>`;
    const started = performance.now();
    for (let i = 0; i < 20; i++) htmlToText(html);
    // ~40 KB of HTML: well under a few ms each even on a noisy machine.
    expect((performance.now() - started) / 20).toBeLessThan(20);
    expect(htmlToText(html).split('\n')[0]).toBe('Lorem ipsum dolor sit amet, consectetur…');
  });
});
