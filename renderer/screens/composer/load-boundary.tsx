import { Component, type ReactNode } from 'react';
import { Button } from '../../components/ui/button.js';

interface LoadBoundaryProps {
  children: ReactNode;
  /** Gives up on this composer (closes it): the next opening loads its code again. */
  onGiveUp: () => void;
}

/**
 * The composer's code comes with its first opening (a chunk of its own). Should that fail (the
 * app updated under a page left open), the composer says so in its place: the rest of the page
 * stays, where an error thrown up to the root would blank it.
 */
export class LoadBoundary extends Component<LoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="composer-slot__failed" role="alert">
        <p>The composer could not be loaded. Reload the page to get the app’s current version.</p>
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
