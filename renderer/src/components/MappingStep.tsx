import { useMemo, useState } from 'react';
import { checkMapping, type MappingProblem } from '../../../shared/import/headerMatching';
import { sourceDef } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';
import { formatBytes, formatCount, lineEndingLabel, plural } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ErrorSummary, type ErrorItem } from './ErrorSummary';
import type { Inspected } from './ImportScreen';

interface Props {
  inspected: Inspected;
  mapping: (string | null)[];
  onChange(mapping: (string | null)[]): void;
  /** A new inspection (another sheet) or a changed print run. */
  onInspected(inspected: Inspected): void;
  onImport(): void;
  onBack(): void;
}

const ORIGIN_LABEL = { saved: 'Remembered', matched: 'Matched', none: 'Not matched' } as const;
const ORIGIN_CLASS = { saved: 'tag--blue', matched: 'tag--green', none: 'tag--grey' } as const;
const UNMAPPED = '';

/** Step 2: show what each column of the file will become, and let the officer change it. */
export function MappingStep({ inspected, mapping, onChange, onInspected, onImport, onBack }: Props) {
  const { file, source, proposal, run } = inspected;
  const tabular = proposal.format === 'tabular';
  const [sheetBusy, setSheetBusy] = useState(false);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const def = sourceDef(source);
  const columns = useMemo(
    () => (proposal.columns.length > 0 ? proposal.columns : def.columns.map((c) => ({ ...c, required: c.required ?? false }))),
    [proposal.columns, def],
  );
  const labelOf = useMemo(() => new Map(columns.map((c) => [c.name, c.label])), [columns]);

  const unchanged = mapping.length === proposal.mapping.length && mapping.every((m, i) => m === proposal.mapping[i]);

  const problems = useMemo<MappingProblem[]>(() => {
    if (proposal.format === 'fdm_bills') {
      return run.trim() === '' ? [{ column: 'run', message: 'Enter the print run of this file, for example dd, cash or props' }] : [];
    }
    if (proposal.format !== 'tabular') return [];
    const local = checkMapping(proposal.headers, mapping, def);
    if (!unchanged) return local;
    // The app may know of problems the client cannot check; keep them until the officer changes something.
    const seen = new Set(local.map((p) => p.message));
    return [...local, ...proposal.problems.filter((p) => !seen.has(p.message))];
  }, [proposal, mapping, def, unchanged, run]);

  const counts = new Map<string, number>();
  for (const m of mapping) if (m) counts.set(m, (counts.get(m) ?? 0) + 1);

  const missing = columns.filter((c) => !counts.has(c.name));

  const errorItems: ErrorItem[] = problems.map((p) => {
    if (p.column === 'run' && !tabular) return { message: p.message, href: 'run-input' };
    const positions = mapping.flatMap((m, i) => (m === p.column ? [i] : []));
    const target = positions.length > 1 ? positions[positions.length - 1] : mapping.findIndex((m) => m === null);
    return { message: p.message, href: `map-${target >= 0 ? target : 0}` };
  });

  const chooseSheet = async (sheet: string) => {
    setSheetBusy(true);
    setSheetError(null);
    try {
      const next = await api.call('import/inspect', { file: file.token, source, sheet });
      onInspected({ ...inspected, proposal: next });
    } catch (e) {
      setSheetError(errorMessage(e));
    } finally {
      setSheetBusy(false);
    }
  };

  const set = (i: number, value: string) => {
    const next = mapping.slice();
    next[i] = value === UNMAPPED ? null : value;
    onChange(next);
  };

  return (
    <div data-testid="mapping-step">
      <h2 className="heading-m" ref={heading} tabIndex={-1}>
        Check the file
      </h2>
      {tabular ? (
        <p className="body">
          For each column in your file, check which {def.label} column it goes into. Columns you keep unmapped are not imported.
        </p>
      ) : (
        <p className="body">
          {file.name} will be read as {def.label}. {def.description}
        </p>
      )}

      <dl className="summary-list" data-testid="file-facts">
        <div className="summary-list__row">
          <dt className="summary-list__key">File</dt>
          <dd className="summary-list__value">
            {file.name} ({formatBytes(file.size)})
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">Text encoding</dt>
          <dd className="summary-list__value" data-testid="file-encoding">
            {proposal.encoding}
            {proposal.bom ? ' (with a byte order mark)' : ''}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">Line endings</dt>
          <dd className="summary-list__value" data-testid="file-line-ending">
            {lineEndingLabel(proposal.lineEnding)}
          </dd>
        </div>
        {tabular && (
          <div className="summary-list__row">
            <dt className="summary-list__key">Columns in the file</dt>
            <dd className="summary-list__value">{formatCount(proposal.headers.length)}</dd>
          </div>
        )}
        {proposal.sheet !== null && (
          <div className="summary-list__row">
            <dt className="summary-list__key">Sheet</dt>
            <dd className="summary-list__value" data-testid="file-sheet">
              {proposal.sheet}
              {proposal.sheets.length > 1 ? ` (one of ${plural(proposal.sheets.length, 'sheet')})` : ''}
            </dd>
          </div>
        )}
      </dl>

      {tabular && proposal.sheets.length > 1 && (
        <div className="form-group">
          <label className="label label--s" htmlFor="sheet-select">
            Sheet to import
          </label>
          <div className="hint" id="sheet-select-hint">
            This workbook has {plural(proposal.sheets.length, 'sheet')}. Only one is imported at a time.
          </div>
          {sheetError && (
            <p className="error-message" id="sheet-select-error">
              <span className="visually-hidden">Error:</span> {sheetError}
            </p>
          )}
          <select
            className="select"
            id="sheet-select"
            data-testid="sheet-select"
            value={proposal.sheet ?? proposal.sheets[0]}
            disabled={sheetBusy}
            aria-describedby={sheetError ? 'sheet-select-hint sheet-select-error' : 'sheet-select-hint'}
            onChange={(e) => void chooseSheet(e.target.value)}
          >
            {proposal.sheets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}

      {proposal.format === 'fdm_bills' && (
        <div className={`form-group${run.trim() === '' ? ' form-group--error' : ''}`}>
          <label className="label label--s" htmlFor="run-input">
            Print run
          </label>
          <div className="hint" id="run-input-hint">
            Which print run this file is: dd (direct debit), cash or props (other). Importing a run again replaces only that run’s bills.
          </div>
          {run.trim() === '' && (
            <p className="error-message" id="run-input-error">
              <span className="visually-hidden">Error:</span> Enter the print run
            </p>
          )}
          <input
            className={`input input--rule${run.trim() === '' ? ' input--error' : ''}`}
            id="run-input"
            type="text"
            data-testid="run-input"
            value={run}
            maxLength={40}
            spellCheck={false}
            autoComplete="off"
            required
            aria-describedby={run.trim() === '' ? 'run-input-hint run-input-error' : 'run-input-hint'}
            onChange={(e) => onInspected({ ...inspected, run: e.target.value })}
          />
        </div>
      )}

      <ErrorSummary title="Fix these before importing" errors={errorItems} testId="mapping-problems" />

      {tabular && (
        <div className="table-scroll">
          <table className="table mapping-table" data-testid="mapping-table">
            <caption className="table__caption">Columns in {file.name}</caption>
            <thead>
              <tr>
                <th scope="col">Column in your file</th>
                <th scope="col">Goes into</th>
                <th scope="col">How it was chosen</th>
                <th scope="col">Examples from the file</th>
              </tr>
            </thead>
            <tbody>
              {proposal.headers.map((header, i) => {
                const value = mapping[i] ?? null;
                const duplicate = value !== null && (counts.get(value) ?? 0) > 1;
                const changed = value !== (proposal.mapping[i] ?? null);
                const origin = proposal.origin[i] ?? 'none';
                const samples = proposal.sampleRows.slice(0, 3).map((r) => r[i] ?? '');
                return (
                  <tr key={i} className={duplicate ? 'table__row--error' : undefined} data-testid="mapping-row">
                    <th scope="row" className="mapping-table__header">
                      {header === '' ? <span className="muted">(no name)</span> : header}
                    </th>
                    <td>
                      <div className={duplicate ? 'form-group--error form-group--flush' : undefined}>
                        <label className="visually-hidden" htmlFor={`map-${i}`}>
                          Goes into, for the file column {header || `number ${i + 1}`}
                        </label>
                        {duplicate && (
                          <p className="error-message" id={`map-${i}-error`}>
                            <span className="visually-hidden">Error:</span> {labelOf.get(value) ?? value} is chosen for more than one column
                          </p>
                        )}
                        <select
                          className={`select${duplicate ? ' select--error' : ''}`}
                          id={`map-${i}`}
                          data-testid="mapping-select"
                          value={value ?? UNMAPPED}
                          aria-describedby={duplicate ? `map-${i}-error` : undefined}
                          onChange={(e) => set(i, e.target.value)}
                        >
                          <option value={UNMAPPED}>Keep unmapped</option>
                          {columns.map((c) => (
                            <option key={c.name} value={c.name}>
                              {c.label} ({c.name}){c.required ? ' – required' : ''}
                            </option>
                          ))}
                        </select>
                      </div>
                    </td>
                    <td>
                      {changed ? (
                        <strong className="tag tag--purple" data-testid="mapping-origin">
                          Changed by you
                        </strong>
                      ) : (
                        <strong className={`tag ${ORIGIN_CLASS[origin]}`} data-testid="mapping-origin">
                          {ORIGIN_LABEL[origin]}
                        </strong>
                      )}
                    </td>
                    <td>
                      <ul className="samples">
                        {samples.map((s, j) => (
                          <li key={j} className="samples__item">
                            {s === '' ? <span className="muted">(blank)</span> : s}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {tabular && missing.length > 0 && (
        <details className="details" data-testid="mapping-missing">
          <summary className="details__summary">
            <span className="details__summary-text">
              {plural(missing.length, 'column')} of {def.label} {missing.length === 1 ? 'is' : 'are'} not in this file
            </span>
          </summary>
          <div className="details__text">
            <p className="body">These will be left empty for every row.</p>
            <ul className="list list--bullet list--columns">
              {missing.map((c) => (
                <li key={c.name}>
                  {c.label} <span className="muted">({c.name})</span>
                  {c.required ? <strong> – required</strong> : null}
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}

      <div className="button-group">
        <button
          type="button"
          className="button"
          onClick={onImport}
          disabled={problems.length > 0}
          aria-describedby={problems.length > 0 ? 'import-blocked-hint' : undefined}
          data-testid="start-import"
        >
          Import
        </button>
        <button type="button" className="button button--secondary" onClick={onBack}>
          Choose a different file
        </button>
      </div>
      {problems.length > 0 && (
        <p className="hint" id="import-blocked-hint">
          You can import once the problems listed above are fixed.
        </p>
      )}
    </div>
  );
}
