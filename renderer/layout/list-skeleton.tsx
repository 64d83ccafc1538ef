import { Skeleton } from '../components/ui/skeleton.js';
import './list-pane.css';

/** Widths that vary row to row, as real senders and subjects do (fixed: no jitter per render). */
const ROWS = [
  [34, 62, 88],
  [28, 70, 76],
  [40, 54, 84],
  [24, 66, 72],
  [36, 58, 90],
  [30, 74, 80],
  [38, 50, 70],
  [26, 64, 86],
  [32, 60, 78],
  [42, 56, 74],
] as const;

/**
 * The list while its first answer is on the way: rows of the real rows' height, so the list
 * does not move when it arrives.
 */
export function ListSkeleton() {
  return (
    <div className="list-skeleton" aria-hidden="true">
      {ROWS.map(([sender, subject], i) => (
        <div key={i} className="list-skeleton__row">
          <Skeleton shape="circle" width="1.75rem" height="1.75rem" />
          <div className="list-skeleton__lines">
            <div className="list-skeleton__top">
              <Skeleton width={`${sender}%`} />
              <Skeleton width="2.25rem" />
            </div>
            {/* The rows' two lines (screens/inbox: no snippet is listed yet). */}
            <Skeleton width={`${subject}%`} />
          </div>
        </div>
      ))}
    </div>
  );
}
