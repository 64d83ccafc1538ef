/** What an SMTP server answered (RFC 5321 §4.2): its three-digit code and its text, on one line. */
export interface SmtpReply {
  code: number;
  /** "550 5.1.1 no such user": the code and every line's text, joined with spaces. */
  line: string;
}

/**
 * The server's reply carried by a nodemailer error (`response`), or undefined when the failure
 * was not an answer from the server (a dropped connection, a timeout, a bug).
 */
export function replyOf(error: unknown): SmtpReply | undefined {
  const response = (error as { response?: unknown } | undefined)?.response;
  return typeof response === 'string' ? parseReply(response) : undefined;
}

/** A reply as the server sent it ("535 5.7.8 ..."), or undefined when it has no code. */
export function parseReply(response: string): SmtpReply | undefined {
  const code = /^\d{3}/.exec(response)?.[0];
  return code ? { code: Number(code), line: replyLine(response) } : undefined;
}

/**
 * A reply as one line: a multi-line reply ("550-first\n550 second", RFC 5321 §4.2.1) repeats its
 * code on every line, which is said once; control characters a server may send become spaces.
 */
export function replyLine(response: string): string {
  const lines = response.split(/\r?\n/).filter((line) => line.trim() !== '');
  const code = /^\d{3}/.exec(lines[0] ?? '')?.[0];
  const texts = lines.map((line) => line.replace(/^\d{3}[ -]?/, '').trim());
  return [code, ...texts]
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .replace(/\p{Cc}+/gu, ' ');
}

/** 4xx: the server may take it later (RFC 5321 §4.2.1, "transient negative completion"). */
export function isTransient(reply: SmtpReply): boolean {
  return reply.code >= 400 && reply.code < 500;
}
