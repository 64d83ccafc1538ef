import { ImageOff } from 'lucide-react';
import { Button } from '../../components/ui/button.js';

export interface RemoteImagesBarProps {
  /** Who sent the mail, as the button names them ("Always for ana@example.com"). */
  sender: string;
  onShow: () => void;
  onAlways: () => void;
}

/**
 * Said above a mail whose remote images were left out: loading one tells its sender that, and
 * when, the mail was read. Shown once for this mail, or always for its sender (this device).
 */
export function RemoteImagesBar({ sender, onShow, onAlways }: RemoteImagesBarProps) {
  return (
    <div className="remote-images-bar">
      <ImageOff className="remote-images-bar__icon" aria-hidden="true" />
      <span className="remote-images-bar__text">Remote images are blocked</span>
      <span className="remote-images-bar__actions">
        <Button size="sm" variant="ghost" onClick={onShow}>
          Show
        </Button>
        {sender ? (
          <Button size="sm" variant="ghost" onClick={onAlways}>
            {`Always for ${sender}`}
          </Button>
        ) : null}
      </span>
    </div>
  );
}
