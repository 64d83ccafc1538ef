import { Skeleton } from '../../components/ui/skeleton.js';
import './conversation.css';

/** The region while the conversation loads: its shape, so nothing moves when it comes. */
export function ConversationSkeleton() {
  return (
    <section className="conversation" role="region" aria-label="Conversation" aria-busy="true">
      <div className="conversation-header">
        <Skeleton width="55%" height="1.25rem" />
        <div className="conversation-header__meta">
          <Skeleton width="4rem" height="1.25rem" shape="block" />
          <Skeleton width="6rem" />
        </div>
      </div>
      <div className="conversation__scroll">
        {[0, 1].map((i) => (
          <div key={i} className="message message--skeleton">
            <div className="message__header">
              <Skeleton shape="circle" width="2rem" height="2rem" />
              <span className="message__who">
                <Skeleton width="9rem" />
                <Skeleton width="14rem" />
              </span>
            </div>
            <div className="message__content">
              <Skeleton width="92%" />
              <Skeleton width="80%" />
              <Skeleton width="64%" />
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
