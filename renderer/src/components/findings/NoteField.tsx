import { ErrorMessage } from '../Fields';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  /** Shown as a GOV.UK error message linked to the field. */
  error?: string | null;
  testId?: string;
  rows?: number;
  disabled?: boolean;
}

/** A labelled note (textarea) with a hint and a GOV.UK error message, as every review action asks for one. */
export function NoteField({ id, label, hint, value, onChange, error, testId, rows = 2, disabled }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <ErrorMessage id={errorId} testId={testId ? `${testId}-error` : undefined} alert={false}>
          {error}
        </ErrorMessage>
      )}
      <textarea
        className={`textarea${error ? ' textarea--error' : ''}`}
        id={id}
        rows={rows}
        maxLength={2000}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </div>
  );
}
