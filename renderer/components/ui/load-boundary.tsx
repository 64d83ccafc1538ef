import { Component, type ReactNode } from 'react';
import { Button } from './button.js';
import './load-boundary.css';

interface LoadBoundaryProps {
  children: ReactNode;
  /** What could not be loaded, as the sentence's subject: "The composer". */
  what: string;
  /** Gives up on it (closes it): the next opening loads its code again. */
  onGiveUp: () => void;
}

/**
 * A part of the page whose code comes with its first opening (a chunk of its own: the composer,
 * the open conversation, an overlay). Should that fail (the app updated under a page left open),
 * it says so in its place: the rest of the page stays, where an error thrown up to the root
 * would blank it.
 */
export class LoadBoundary extends Component<LoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="load-failed" role="alert">
        <p>
          {this.props.what} could not be loaded. Reload the page to get the app’s current version.
        </p>
        <Button
          size="sm"
          onClick={() => {
            this.setState({ failed: false });
            this.props.onGiveUp();
          }}
        >
          Close
        </Button>
      </div>
    );
  }
}
