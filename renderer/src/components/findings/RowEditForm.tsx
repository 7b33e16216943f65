import { useEffect, useRef, useState } from 'react';
import type { GridColumn, ResponseOf, StagedRow } from '../../../../shared/api/contract';
import { sourceDef, type ImportableSource } from '../../../../shared/sources/catalog';
import { api, errorMessage } from '../../api/client';
import { SelectField } from '../Fields';
import { NoteField } from './NoteField';
import { rowKeyLabel } from './reviewLabels';
import { ErrorMessage } from '../Fields';

type EditResult = ResponseOf<'rows/edit'>;

interface Props {
  source: ImportableSource;
  columns: GridColumn[];
  row: StagedRow;
  /** The column to start on (the cell the officer chose), or null for the first editable one. */
  columnIndex: number | null;
  onSaved(result: EditResult, columnLabel: string): void;
  onCancel(): void;
}

const TYPE_HINT: Record<string, string> = {
  account: 'An account number: 9 digits starting with 3, sometimes followed by X, for example 312345678.',
  money: 'An amount in pounds, for example 1310.50 or £1,310.50.',
  date: 'A date, day first, for example 13/07/1994 (or 1994-07-13).',
  band: 'A Council Tax band from A to H.',
  number: 'A number.',
  decimal2: 'A percentage with up to 2 decimal places, for example 1.99.',
};

/**
 * Correct one value of a staged row. The app checks the new value by the same rules as an
 * import; if it is refused the reason is shown next to the value, as a GOV.UK error message.
 */
export function RowEditForm({ source, columns, row, columnIndex, onSaved, onCancel }: Props) {
  const def = sourceDef(source);
  // Columns worked out from another column, and lists read from a print file, are not typed in.
  const editable = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.type !== 'list' && !def.columns.find((d) => d.name === c.name)?.derivedFrom);
  const startIndex = editable.find(({ i }) => i === columnIndex)?.i ?? editable[0]?.i ?? 0;
  const [col, setCol] = useState(startIndex);
  const [value, setValue] = useState(row.values[startIndex] ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const valueRef = useRef<HTMLInputElement>(null);
  const column = columns[col];

  // A new row or cell to edit starts from its current value, with the cursor in it.
  useEffect(() => {
    setCol(startIndex);
    setValue(row.values[startIndex] ?? '');
    setError(null);
    valueRef.current?.focus();
    valueRef.current?.select();
  }, [row.rowId, startIndex]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!column) return;
    setSaving(true);
    setError(null);
    try {
      const result = await api.call('rows/edit', {
        source,
        rowId: row.rowId,
        column: column.name,
        value,
        note: note.trim() === '' ? undefined : note.trim(),
      });
      onSaved(result, column.label);
    } catch (err) {
      setError(errorMessage(err));
      valueRef.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  const hint = column ? TYPE_HINT[column.type] : undefined;
  const describedBy = [hint ? 'edit-value-hint' : '', error ? 'edit-value-error' : ''].filter(Boolean).join(' ') || undefined;
  const heading = `Correct row ${row.line}${row.rowKey ? ` (${rowKeyLabel(row.rowKey)})` : ''}`;

  if (editable.length === 0) {
    return (
      <div className="row-edit" data-testid="row-edit">
        <h2 className="heading-s">{heading}</h2>
        <p className="body">None of the columns of {def.label} can be corrected here: they are read as a whole from the print file.</p>
        <button type="button" className="button button--secondary" onClick={onCancel} data-testid="edit-cancel">
          Close
        </button>
      </div>
    );
  }

  return (
    <form
      className="row-edit"
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      aria-labelledby="row-edit-heading"
      noValidate
      data-testid="row-edit"
      data-row-id={row.rowId}
    >
      <h2 className="heading-s" id="row-edit-heading">
        {heading}
      </h2>
      <div className="row-edit__fields">
        <SelectField
          id="edit-column"
          label="Column"
          value={col}
          onChange={(value) => {
            const next = Number(value);
            setCol(next);
            setValue(row.values[next] ?? '');
            setError(null);
          }}
        >
          {editable.map(({ c, i }) => (
            <option key={c.name} value={i}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <div className={`form-group row-edit__value${error ? ' form-group--error' : ''}`}>
          <label className="label label--s" htmlFor="edit-value">
            New value{column ? ` for ${column.label}` : ''}
          </label>
          {hint && (
            <div className="hint" id="edit-value-hint">
              {hint}
            </div>
          )}
          {error && <ErrorMessage id="edit-value-error" testId="edit-error" alert={false}>{error}</ErrorMessage>}
          <input
            ref={valueRef}
            className={`input${error ? ' input--error' : ''}`}
            id="edit-value"
            type="text"
            value={value}
            maxLength={2000}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setValue(e.target.value)}
            data-testid="edit-value"
          />
          <div className="hint">Value now: {row.values[col] === '' || row.values[col] === undefined ? '(blank)' : row.values[col]}</div>
        </div>
      </div>
      <NoteField
        id="edit-note"
        label="Note (optional)"
        hint="Why you changed it, for example where the right value came from. It is kept in the audit trail."
        value={note}
        onChange={setNote}
        testId="edit-note"
      />
      <div className="button-group">
        <button type="submit" className="button" disabled={saving} data-testid="edit-save">
          Save the correction
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={saving} data-testid="edit-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
