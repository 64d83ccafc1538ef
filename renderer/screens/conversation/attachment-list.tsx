import { Download, ExternalLink, Paperclip } from 'lucide-react';
import type { ConversationMessage } from '../../../src/app/index.js';
import { IconButton } from '../../components/ui/icon-button.js';
import { canOpenInBrowser, fileSize } from './model/attachments.js';
import { visibleText } from './model/visible-text.js';

export type AttachmentMode = 'open' | 'download';
export type AttachmentHandler = (attachmentId: number, mode: AttachmentMode) => void;

export interface AttachmentListProps {
  attachments: ConversationMessage['attachments'];
  onAttachment: AttachmentHandler;
}

/** A message's attachments: each named as its sender wrote it (shown as text, never markup). */
export function AttachmentList({ attachments, onAttachment }: AttachmentListProps) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((attachment) => {
        const name = visibleText(attachment.filename ?? '') || 'Unnamed attachment';
        return (
          <li key={attachment.id} className="attachment">
            <Paperclip className="attachment__icon" aria-hidden="true" />
            <span className="attachment__name" title={name}>
              {name}
            </span>
            <span className="attachment__size">{fileSize(attachment.size)}</span>
            {canOpenInBrowser(attachment.contentType) ? (
              <IconButton
                size="sm"
                label={`Open ${name}`}
                icon={<ExternalLink />}
                onClick={() => onAttachment(attachment.id, 'open')}
              />
            ) : null}
            <IconButton
              size="sm"
              label={`Download ${name}`}
              icon={<Download />}
              onClick={() => onAttachment(attachment.id, 'download')}
            />
          </li>
        );
      })}
    </ul>
  );
}
