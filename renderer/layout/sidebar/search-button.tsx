import { Search } from 'lucide-react';
import { Kbd } from '../../components/ui/kbd.js';

/** Opens search; looks like a field, acts as a button (the search screen owns the searchbox). */
export function SearchButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="search-button" onClick={onClick} aria-keyshortcuts="/">
      <Search className="search-button__icon" aria-hidden="true" />
      <span className="search-button__label">Search</span>
      <Kbd keys={['/']} className="search-button__kbd" />
    </button>
  );
}
