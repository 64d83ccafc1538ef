import { Archive, Clock, Inbox, Send, Tag, UserPlus } from 'lucide-react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import {
  Avatar,
  Badge,
  Button,
  Count,
  Dialog,
  EmptyState,
  IconButton,
  Kbd,
  Skeleton,
  Spinner,
  TagChip,
} from '../../../renderer/components/ui/index.js';
import { GALLERY_PEOPLE, TAGS } from './fixtures.js';
import './gallery.css';

/** The base components side by side, for a screenshot of the design system. */
export function Gallery() {
  const [dialogOpen, setDialogOpen] = useState(false);
  return (
    <main className="gallery">
      <h1 className="gallery__title">Components</h1>
      <Row title="Buttons">
        <Button variant="primary" icon={<Send />} trailing={<Kbd keys={['Ctrl', '↵']} />}>
          Send
        </Button>
        <Button icon={<UserPlus />}>Assign</Button>
        <Button variant="ghost" icon={<Clock />}>
          Snooze
        </Button>
        <Button variant="danger">Discard draft</Button>
        <Button variant="primary" busy>
          Sending
        </Button>
        <Button size="sm" icon={<Archive />}>
          Close
        </Button>
        <IconButton label="Tag" shortcut="t" icon={<Tag />} />
        <IconButton label="Snooze" shortcut="s" icon={<Clock />} variant="secondary" />
      </Row>
      <Row title="People">
        {GALLERY_PEOPLE.map(({ member, presence }, i) => (
          <Avatar
            key={member.id}
            name={member.name}
            email={member.email}
            presence={presence}
            size={(['lg', 'md', 'md', 'sm', 'xs'] as const)[i]}
          />
        ))}
      </Row>
      <Row title="Status and tags">
        <Badge tone="accent" dot>
          Open
        </Badge>
        <Badge tone="warning" dot>
          Pending
        </Badge>
        <Badge tone="success" dot>
          Closed
        </Badge>
        <Badge tone="info">Snoozed until Mon</Badge>
        <Badge tone="danger">Held: a teammate replied</Badge>
        <Badge>Viewer</Badge>
        {TAGS.map((tag) => (
          <TagChip key={tag.id} name={tag.name} color={tag.color} />
        ))}
        <Count value={12} unit="unread" tone="accent" />
        <Count value={1204} unit="closed" />
      </Row>
      <Row title="Keys">
        <Kbd keys={['j']} />
        <Kbd keys={['k']} />
        <Kbd keys={['Ctrl', 'K']} />
        <Kbd keys={['⌘', 'K']} />
        <Kbd keys={['Shift', 'R']} />
        <Kbd keys={['?']} />
      </Row>
      <Row title="Loading">
        <Spinner size="sm" />
        <Spinner />
        <Spinner size="lg" />
        <div className="gallery__skeleton">
          <Skeleton shape="circle" width="1.75rem" height="1.75rem" />
          <div className="gallery__skeleton-lines">
            <Skeleton width="40%" />
            <Skeleton width="75%" />
          </div>
        </div>
      </Row>
      <div className="gallery__empty">
        <EmptyState
          icon={<Inbox />}
          title="Nothing waiting for an owner"
          description="New conversations that nobody has taken land here."
          actions={
            <>
              <Button variant="primary">Add a mailbox</Button>
              <Button onClick={() => setDialogOpen(true)}>Show a dialog</Button>
            </>
          }
        />
      </div>
      <Dialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        title="Close 3 conversations?"
        description="They leave everyone's open views. Anyone can reopen them from Closed."
        size="sm"
        footer={
          <>
            <Button onClick={() => setDialogOpen(false)}>Cancel</Button>
            <Button variant="primary" trailing={<Kbd keys={['↵']} />}>
              Close all
            </Button>
          </>
        }
      />
    </main>
  );
}

function Row({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="gallery__row" aria-label={title}>
      <h2 className="gallery__row-title">{title}</h2>
      <div className="gallery__items">{children}</div>
    </section>
  );
}
