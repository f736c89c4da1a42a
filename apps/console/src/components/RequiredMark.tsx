/** The visible "required" star beside a label; screen readers hear aria-required on the input instead. */
export const RequiredMark = ({ required }: { required?: boolean }) =>
  required ? (
    <span className="required" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;
