import { appLink, type AppLink } from '../app-link.js';
import { canOpenInBrowser } from '../screens/conversation/model/attachments.js';
import type { AttachmentMode } from '../screens/conversation/attachment-list.js';
import { fromBase64 } from './base64.js';

/** How long a file's blob: URL lives: the new window or the download has it by then. */
const URL_LIFETIME_MS = 60_000;

/**
 * An attachment's bytes (mail.attachment: fetched from the server the first time) as a file:
 * opened in a window of its own when it is a type that cannot run anything there, downloaded
 * otherwise (under the safe name the app gives it). Bytes opened in a window are the app's
 * origin's (a blob: URL is its creator's), hence the short list (model/attachments.ts).
 */
export async function openAttachment(
  attachmentId: number,
  mode: AttachmentMode,
  link: AppLink = appLink(),
): Promise<void> {
  const file = await link.call('mail.attachment', { attachmentId });
  const open = mode === 'open' && canOpenInBrowser(file.contentType);
  const blob = new Blob([fromBase64(file.contentBase64)], {
    // A download's type that no browser shows or runs instead of saving it.
    type: open ? file.contentType : 'application/octet-stream',
  });
  const url = URL.createObjectURL(blob);
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
  if (open) {
    window.open(url, '_blank', 'noopener,noreferrer');
    return;
  }
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.filename;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
