// Choosing what to fetch from an IMAP BODYSTRUCTURE: the one text part worth indexing, and
// the list of attachments, without downloading either.
// https://www.rfc-editor.org/rfc/rfc3501#section-7.4.2 (BODYSTRUCTURE)
// https://www.rfc-editor.org/rfc/rfc2046#section-5.1 (multipart subtypes)

import { decodedSize } from './decoded-size.js';

/**
 * The fields of a BODYSTRUCTURE node this module reads, in the shape imapflow parses them
 * into (its `MessageStructureObject` is assignable to this): lowercased `type` and
 * `encoding`, lowercased parameter names, RFC 2231 and RFC 2047 parameter values already
 * decoded (imapflow's `getStructuredParams`), `id` is the raw Content-ID.
 */
export type BodyStructureNode = {
  /**
   * IMAP part number ("1", "2.1"...). imapflow leaves it undefined on the root node: a
   * multipart root has no number, and a single-part root is part "1" (RFC 3501 §6.4.5:
   * "non-multipart messages ... only have a part 1").
   */
  readonly part?: string | undefined;
  readonly type: string;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly id?: string | undefined;
  readonly encoding?: string | undefined;
  readonly size?: number | undefined;
  readonly disposition?: string | undefined;
  readonly dispositionParameters?: Readonly<Record<string, string>> | undefined;
  readonly childNodes?: readonly BodyStructureNode[] | undefined;
};

/** A text body part to fetch (BODY.PEEK[part]) and decode with `decodeTextPart`. */
export type PartRef = {
  readonly part: string;
  readonly type: 'text/plain' | 'text/html';
  readonly encoding?: string | undefined;
  readonly charset?: string | undefined;
  readonly format?: string | undefined;
  readonly delsp?: string | undefined;
  /** Size in bytes as the server reports it: of the transfer-encoded content. */
  readonly size?: number | undefined;
};

export const ATTACHMENT_DISPOSITIONS = ['attachment', 'inline'] as const;
export type AttachmentDisposition = (typeof ATTACHMENT_DISPOSITIONS)[number];

export type AttachmentMeta = {
  readonly part: string;
  readonly filename?: string | undefined;
  readonly contentType: string;
  /**
   * Size in bytes of the file itself (transfer encoding undone): the sender's figure, or an
   * estimate from the encoded size that is never short (decoded-size.ts).
   */
  readonly size?: number | undefined;
  /** Content-ID without its angle brackets, as `cid:` URLs reference it (RFC 2392). */
  readonly contentId?: string | undefined;
  /**
   * 'inline': a resource the HTML body embeds (an image with a Content-ID, not marked as an
   * attachment); it does not make the message one "with attachments". Everything else,
   * including a forwarded message/rfc822, is 'attachment'.
   */
  readonly disposition: AttachmentDisposition;
};

export type TextParts = {
  /** The text/plain body, if there is one. */
  readonly text?: PartRef | undefined;
  /** The text/html body, if there is one. */
  readonly html?: PartRef | undefined;
  readonly attachments: AttachmentMeta[];
  /** Whether any attachment is a real one (not an inline image of the HTML body). */
  readonly hasAttachments: boolean;
};

type BodyChoice = { text?: BodyStructureNode | undefined; html?: BodyStructureNode | undefined };

/**
 * Picks the text/plain and text/html body parts of a message and lists its attachments.
 * Prefer `text` for indexing and fall back to `html`.
 */
export function pickTextParts(structure: BodyStructureNode): TextParts {
  const body = chooseBody(structure);
  const attachments: AttachmentMeta[] = [];
  collectAttachments(structure, undefined, attachments);
  return {
    text: body.text && toPartRef(body.text, 'text/plain'),
    html: body.html && toPartRef(body.html, 'text/html'),
    attachments,
    hasAttachments: attachments.some((attachment) => attachment.disposition === 'attachment'),
  };
}

function chooseBody(node: BodyStructureNode): BodyChoice {
  const type = node.type.toLowerCase();
  const children = node.childNodes ?? [];
  if (type.startsWith('multipart/')) {
    if (!node.parameters?.boundary && children.length > 0) {
      // Without a boundary the parts cannot be told apart (RFC 2046 §5.1.1); servers report
      // an empty first part. The whole body (BODY[TEXT], RFC 3501 §6.4.5) is the best text.
      return {
        text: {
          type: 'text/plain',
          part: node.part ? `${node.part}.TEXT` : 'TEXT',
          encoding: '7bit',
        },
      };
    }
    if (type === 'multipart/alternative') {
      // Alternatives are ordered from plainest to richest (RFC 2046 §5.1.4): the first plain
      // one is the sender's text version, the last HTML one is the richest rendering.
      const choices = children.map(chooseBody);
      return {
        text: choices.find((choice) => choice.text)?.text,
        html: choices.findLast((choice) => choice.html)?.html,
      };
    }
    if (type === 'multipart/related') {
      // The root part holds the body, the others are resources it references (RFC 2387 §3.2).
      const root = relatedRoot(node, children);
      return root ? chooseBody(root) : {};
    }
    // mixed, signed, report and unknown multiparts (RFC 2046 §5.1.7: treat as mixed): the
    // first part that has a body is the body. Later inline text parts are additions, such as
    // a mailing list footer after an HTML-only post, not the message.
    for (const child of children) {
      const choice = chooseBody(child);
      if (choice.text || choice.html) return choice;
    }
    return {};
  }
  // A forwarded message's body is not this message's body; it is listed as an attachment.
  if (type === 'message/rfc822' || type === 'message/global') return {};
  if (isAttachment(node)) return {};
  if (type === 'text/plain') return { text: node };
  if (type === 'text/html') return { html: node };
  return {};
}

function relatedRoot(
  node: BodyStructureNode,
  children: readonly BodyStructureNode[],
): BodyStructureNode | undefined {
  const start = node.parameters?.start;
  if (start) {
    const wanted = stripAngles(start);
    const root = children.find(
      (child) => child.id !== undefined && stripAngles(child.id) === wanted,
    );
    if (root) return root;
  }
  return children[0];
}

function collectAttachments(
  node: BodyStructureNode,
  parentType: string | undefined,
  out: AttachmentMeta[],
): void {
  const type = node.type.toLowerCase();
  if (type.startsWith('multipart/')) {
    const children = node.childNodes ?? [];
    children.forEach((child, index) => {
      // The second part of multipart/signed is the signature (RFC 1847 §2.1): protocol data
      // a mail client shows as a badge, not a file.
      if (type === 'multipart/signed' && index === 1) return;
      collectAttachments(child, type, out);
    });
    return;
  }
  // Body text parts (not attachments) are never listed, chosen or not: an unchosen one is an
  // alternative rendering or an inline addition to the body.
  if ((type === 'text/plain' || type === 'text/html') && !isAttachment(node)) return;
  const contentId = node.id ? stripAngles(node.id) || undefined : undefined;
  const embedded =
    contentId !== undefined &&
    dispositionOf(node) !== 'attachment' &&
    (type.startsWith('image/') || parentType === 'multipart/related');
  out.push({
    part: partNumber(node),
    filename: filenameOf(node),
    contentType: type,
    size: decodedSize(node),
    contentId,
    disposition: embedded ? 'inline' : 'attachment',
  });
}

function toPartRef(node: BodyStructureNode, type: PartRef['type']): PartRef {
  const parameters = node.parameters ?? {};
  return {
    part: partNumber(node),
    type,
    encoding: node.encoding,
    charset: parameters.charset,
    format: parameters.format,
    delsp: parameters.delsp,
    size: node.size,
  };
}

/** imapflow gives the root node no part number; a single-part root is part "1". */
function partNumber(node: BodyStructureNode): string {
  return node.part ?? '1';
}

/** RFC 2183 §2.8 and §2.10: a part is an attachment by disposition or by carrying a filename. */
function isAttachment(node: BodyStructureNode): boolean {
  return dispositionOf(node) === 'attachment' || filenameOf(node) !== undefined;
}

function dispositionOf(node: BodyStructureNode): string | undefined {
  return node.disposition?.trim().toLowerCase() || undefined;
}

/** Content-Disposition's filename (RFC 2183 §2.3), else Content-Type's older `name`. */
function filenameOf(node: BodyStructureNode): string | undefined {
  const filename = node.dispositionParameters?.filename?.trim() || node.parameters?.name?.trim();
  return filename || undefined;
}

function stripAngles(id: string): string {
  return id.trim().replace(/^<|>$/g, '').trim();
}
