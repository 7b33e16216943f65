import type { ReviewFinding } from '../../../../shared/api/contract';
import { sourceDef } from '../../../../shared/sources/catalog';
import { formatDateTime, severityLabel } from '../../lib/format';
import { isImportableSource, sourceLabel } from '../../lib/sources';
import { KIND_LABEL, SEVERITY_CLASS, STATE_CLASS, STATE_LABEL } from './reviewLabels';

interface Props {
  items: ReviewFinding[];
  caption: string;
  selected: ReadonlySet<string>;
  onToggle(id: string, on: boolean): void;
  onOpenRows(source: string, rowIds: number[]): void;
  onOpenAccount(account: string): void;
}

const RAW_MAX = 60;

function columnLabel(source: string, column: string): string {
  if (!isImportableSource(source)) return column;
  return sourceDef(source).columns.find((c) => c.name === column)?.label ?? column;
}

/** The staged rows a finding is about, grouped by the file they are in. */
export function rowsBySource(f: ReviewFinding): { source: string; rowIds: number[] }[] {
  const groups = new Map<string, number[]>();
  if (f.rowId !== null) groups.set(f.source, [f.rowId]);
  for (const r of f.rows) {
    const ids = groups.get(r.source) ?? [];
    if (!ids.includes(r.rowId)) ids.push(r.rowId);
    groups.set(r.source, ids);
  }
  return [...groups].filter(([source]) => isImportableSource(source)).map(([source, rowIds]) => ({ source, rowIds }));
}

/** A short name for a finding, read out with its checkbox and its buttons. */
export function findingName(f: ReviewFinding): string {
  const where = f.line !== null ? `, row ${f.line}` : '';
  const account = f.account ? `, account ${f.account}` : '';
  return `${f.rule}${where}${account}`;
}

/** One page of findings, each with a checkbox, where it is, its state and the ways to open it. */
export function ReviewTable({ items, caption, selected, onToggle, onOpenRows, onOpenAccount }: Props) {
  return (
    <div className="table-scroll">
      <table className="table table--small review-table" data-testid="review-table">
        <caption className="table__caption table__caption--s">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="review-table__select">
              <span className="visually-hidden">Selected</span>
            </th>
            <th scope="col">What was found</th>
            <th scope="col">Where</th>
            <th scope="col">Account</th>
            <th scope="col">State</th>
            <th scope="col">Open</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => {
            const checkboxId = `select-finding-${f.id}`;
            const name = findingName(f);
            const groups = rowsBySource(f);
            return (
              <tr
                key={f.id}
                data-testid="review-finding"
                data-id={f.id}
                data-state={f.state}
                data-rule={f.rule}
                data-severity={f.severity}
                data-account={f.account ?? ''}
                className={selected.has(f.id) ? 'review-table__row--selected' : undefined}
              >
                <td className="review-table__select">
                  <div className="checkboxes__item checkboxes__item--small">
                    <input
                      className="checkboxes__input"
                      id={checkboxId}
                      type="checkbox"
                      checked={selected.has(f.id)}
                      onChange={(e) => onToggle(f.id, e.target.checked)}
                      data-testid="select-finding"
                    />
                    <label className="checkboxes__label" htmlFor={checkboxId}>
                      <span className="visually-hidden">Select {name}</span>
                    </label>
                  </div>
                </td>
                <td className="review-table__what">
                  <div className="review-table__tags">
                    <code className="code">{f.rule}</code>{' '}
                    <strong className={`tag ${SEVERITY_CLASS[f.severity]}`}>{severityLabel(f.severity)}</strong>
                  </div>
                  <div>{f.message}</div>
                  <div className="hint review-table__kind">{KIND_LABEL[f.kind]}</div>
                </td>
                <td className="review-table__where">
                  <div>{f.fileName ?? sourceLabel(f.source)}</div>
                  {f.sheet !== null && <div className="hint">Sheet: {f.sheet}</div>}
                  {(f.line !== null || f.cellRef !== null) && (
                    <div className="hint">
                      {f.line !== null && <>Row {f.line}</>}
                      {f.line !== null && f.cellRef !== null && ', '}
                      {f.cellRef !== null && <>cell {f.cellRef}</>}
                    </div>
                  )}
                  {f.column !== null && <div className="hint">Column: {columnLabel(f.source, f.column)}</div>}
                  {f.rawValue !== null && (
                    <div className="hint raw-value" title={f.rawValue.length > RAW_MAX ? f.rawValue : undefined}>
                      Value:{' '}
                      {f.rawValue === '' ? '(blank)' : f.rawValue.length > RAW_MAX ? `${f.rawValue.slice(0, RAW_MAX - 1)}…` : f.rawValue}
                    </div>
                  )}
                </td>
                <td>{f.account ?? '–'}</td>
                <td className="review-table__state">
                  <strong className={`tag ${STATE_CLASS[f.state]}`} data-testid="finding-state">
                    {STATE_LABEL[f.state]}
                  </strong>
                  {(f.stateBy || f.stateNote) && (
                    <div className="hint review-table__note" data-testid="finding-state-note">
                      {f.stateBy && (
                        <>
                          {f.stateBy}
                          {f.stateAt && <>, {formatDateTime(f.stateAt)}</>}
                          {f.stateNote && ': '}
                        </>
                      )}
                      {f.stateNote && <>“{f.stateNote}”</>}
                    </div>
                  )}
                </td>
                <td className="review-table__open">
                  {groups.map((g) => (
                    <button
                      key={g.source}
                      type="button"
                      className="link-button review-table__link"
                      onClick={() => onOpenRows(g.source, g.rowIds)}
                      data-testid="open-row"
                    >
                      {g.rowIds.length === 1 ? 'Open the row' : 'Open the rows'}
                      {groups.length > 1 && <> in {sourceLabel(g.source)}</>}
                      <span className="visually-hidden"> of {name}</span>
                    </button>
                  ))}
                  {f.account && (
                    <button
                      type="button"
                      className="link-button review-table__link"
                      onClick={() => onOpenAccount(f.account ?? '')}
                      data-testid="open-account"
                    >
                      Open the account<span className="visually-hidden"> {f.account}</span>
                    </button>
                  )}
                  {groups.length === 0 && !f.account && <span className="muted">–</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
