import { InputHTMLAttributes, ReactNode, useId } from 'react';
import { RequiredMark } from './RequiredMark';

/**
 * A labelled native input (date and time pickers), with its description and the ledger's
 * message for it tied to it (aria-describedby, aria-invalid), like the library's fields.
 */
export function NativeField({
  label,
  description,
  errors = [],
  required,
  ...input
}: { label: ReactNode; description?: ReactNode; errors?: readonly string[]; required?: boolean } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const invalid = errors.length > 0;
  return (
    <div className="field" data-invalid={invalid || undefined}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <input
        id={id}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={[description && `${id}-description`, invalid && `${id}-error`].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {description && (
        <span id={`${id}-description`} className="field-description">
          {description}
        </span>
      )}
      {invalid && (
        <span id={`${id}-error`} className="field-error">
          {errors.join('; ')}
        </span>
      )}
    </div>
  );
}
