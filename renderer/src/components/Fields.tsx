import type { ReactNode } from 'react';
import { IMPORTABLE_SOURCE_NAMES, sourceDef } from '../../../shared/sources/catalog';

interface SelectFieldProps {
  /** The select's id; its data-testid too unless `testId` says otherwise. */
  id: string;
  label: ReactNode;
  value: string | number;
  onChange(value: string): void;
  /** The `<option>`s. */
  children: ReactNode;
  testId?: string;
  /** Extra classes on the form group (for example `toolbar__item`). */
  className?: string;
}

/** A small labelled select in a form group, as the screens' filters and the row editor use. */
export function SelectField({ id, label, value, onChange, children, testId = id, className }: SelectFieldProps) {
  return (
    <div className={className ? `form-group ${className}` : 'form-group'}>
      <label className="label label--s" htmlFor={id}>
        {label}
      </label>
      <select className="select" id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {children}
      </select>
    </div>
  );
}

interface SearchFieldProps {
  /** The input's id (and data-testid); the hint is `<id>-hint`. */
  id: string;
  label?: string;
  hint: ReactNode;
  value: string;
  onChange(value: string): void;
}

/** The search box of a screen's filter toolbar: a label, a hint and a search input that grows. */
export function SearchField({ id, label = 'Search', hint, value, onChange }: SearchFieldProps) {
  return (
    <div className="form-group toolbar__item toolbar__item--grow">
      <label className="label label--s" htmlFor={id}>
        {label}
      </label>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      <input
        className="input"
        id={id}
        type="search"
        value={value}
        maxLength={200}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
    </div>
  );
}

/** An error message for an officer: a GOV.UK error line, announced (`role="alert"`) unless `alert` is false. */
export function ErrorMessage({ children, testId, id, alert = true }: { children: ReactNode; testId?: string; id?: string; alert?: boolean }) {
  return (
    <p className="error-message" id={id} role={alert ? 'alert' : undefined} data-testid={testId}>
      <span className="visually-hidden">Error:</span> {children}
    </p>
  );
}

/** An `<option>` for every importable source, by its label. */
export function SourceOptions() {
  return (
    <>
      {IMPORTABLE_SOURCE_NAMES.map((name) => (
        <option key={name} value={name}>
          {sourceDef(name).label}
        </option>
      ))}
    </>
  );
}

interface CheckboxProps {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  testId?: string;
  /** Shown as neither ticked nor clear (some of a group ticked). */
  indeterminate?: boolean;
}

/** One GOV.UK checkbox with its label. */
export function Checkbox({ id, label, checked, onChange, testId, indeterminate = false }: CheckboxProps) {
  return (
    <div className="checkboxes__item">
      <input
        className="checkboxes__input"
        id={id}
        type="checkbox"
        checked={checked}
        ref={(el) => {
          if (el) el.indeterminate = indeterminate;
        }}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <label className="checkboxes__label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}
