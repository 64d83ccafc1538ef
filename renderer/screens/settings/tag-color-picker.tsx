import { useId } from 'react';
import type { CSSProperties } from 'react';
import { Check } from 'lucide-react';

/** The colours offered for a tag, by name (any other `#rrggbb` is one click further). */
export const TAG_COLORS = [
  { name: 'Grey', value: '#6b7280' },
  { name: 'Red', value: '#dc2626' },
  { name: 'Orange', value: '#ea580c' },
  { name: 'Amber', value: '#d97706' },
  { name: 'Green', value: '#16a34a' },
  { name: 'Teal', value: '#0d9488' },
  { name: 'Blue', value: '#2563eb' },
  { name: 'Indigo', value: '#4f46e5' },
  { name: 'Purple', value: '#7c3aed' },
  { name: 'Pink', value: '#db2777' },
] as const;

/** A tag's colour: a radio group of swatches, then any colour through the system's picker. */
export function TagColorPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (color: string) => void;
}) {
  const name = useId();
  const labelId = useId();
  const chosen = value.toLowerCase();
  const custom = !TAG_COLORS.some((color) => color.value === chosen);
  return (
    <div className="form-field">
      <span id={labelId} className="form-field__label">
        Colour
      </span>
      <div className="tag-colors" role="radiogroup" aria-labelledby={labelId}>
        {TAG_COLORS.map((color) => (
          <label
            key={color.value}
            className="tag-colors__swatch"
            style={{ '--swatch': color.value } as CSSProperties}
            title={color.name}
          >
            <input
              type="radio"
              name={name}
              value={color.value}
              checked={chosen === color.value}
              onChange={() => onChange(color.value)}
              aria-label={color.name}
            />
            <Check aria-hidden="true" />
          </label>
        ))}
        <label
          className="tag-colors__custom"
          data-chosen={custom || undefined}
          style={custom ? ({ '--swatch': chosen } as CSSProperties) : undefined}
          title="Another colour"
        >
          <input
            type="color"
            value={chosen}
            aria-label="Another colour"
            onChange={(event) => onChange(event.target.value.toLowerCase())}
          />
        </label>
      </div>
    </div>
  );
}
