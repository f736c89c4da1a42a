import { ReactNode, useId } from 'react';

/** A labelled native <select>: fully keyboard-usable, announced by every screen reader, small. */
export function Select({
  label,
  value,
  onChange,
  options,
  name,
}: {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
  name?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
