import { useRef } from 'react';
import { Paperclip, X } from 'lucide-react';
import { IconButton } from '../../components/ui/icon-button.js';
import { toBase64 } from '../../bridge/base64.js';
import type { PendingFile } from '../../stores/composer-store.js';

/** The most a message's files may weigh together: what the contract takes in base64 (35 MB). */
const MAX_TOTAL_BYTES = 25 * 1024 * 1024;

let nextFileId = 0;

/** A chosen file, read here: no path crosses to the app, only the bytes (base64). */
export async function pendingFileOf(file: File): Promise<PendingFile> {
  return {
    id: `file-${++nextFileId}`,
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    size: file.size,
    contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())),
  };
}

/** A size as people read it: 812 B, 14 KB, 2.3 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface AttachButtonProps {
  current: readonly PendingFile[];
  onAdd: (files: PendingFile[]) => void;
  onProblem: (message: string) => void;
}

/** The paperclip: a file picker whose files are read and added to the message. */
export function AttachButton({ current, onAdd, onProblem }: AttachButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const chosen = [...files];
    const total = [...current, ...chosen].reduce((sum, file) => sum + file.size, 0);
    if (total > MAX_TOTAL_BYTES) {
      onProblem(`Files up to ${fileSize(MAX_TOTAL_BYTES)} in all can go with a message.`);
      return;
    }
    onAdd(await Promise.all(chosen.map(pendingFileOf)));
  };
  return (
    <>
      <IconButton
        label="Attach files"
        icon={<Paperclip />}
        size="sm"
        onClick={() => input.current?.click()}
      />
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(event) => {
          void onFiles(event.target.files);
          event.target.value = '';
        }}
      />
    </>
  );
}

export interface AttachmentListProps {
  files: readonly PendingFile[];
  onRemove: (id: string) => void;
}

/** The files going with the message, each removable. */
export function AttachmentList({ files, onRemove }: AttachmentListProps) {
  if (files.length === 0) return null;
  return (
    <ul className="composer-files" aria-label="Attachments">
      {files.map((file) => (
        <li key={file.id} className="composer-file">
          <Paperclip className="composer-file__icon" aria-hidden="true" />
          <span className="composer-file__name" title={file.filename}>
            {file.filename}
          </span>
          <span className="composer-file__size">{fileSize(file.size)}</span>
          <IconButton
            label={`Remove ${file.filename}`}
            icon={<X />}
            size="sm"
            onClick={() => onRemove(file.id)}
          />
        </li>
      ))}
    </ul>
  );
}
