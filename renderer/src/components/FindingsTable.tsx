import type { Finding } from '../../../shared/api/contract';
import { isImportableSource } from '../lib/sources';
import { sourceDef } from '../../../shared/sources/catalog';
import { severityLabel } from '../lib/format';

/** "Account number" for mail_merge_reference, when the source is known. */
function columnLabel(source: string, column: string): string | null {
  if (!isImportableSource(source)) return null;
  return sourceDef(source).columns.find((c) => c.name === column)?.label ?? null;
}

/** Long values (a whole list of missing columns) are cut short; the full text is in the tooltip. */
const RAW_MAX = 80;
function shorten(value: string): string {
  return value.length > RAW_MAX ? `${value.slice(0, RAW_MAX - 1)}…` : value;
}

const SEVERITY_CLASS = { error: 'tag--red', warning: 'tag--orange', info: 'tag--blue' } as const;

/** Findings, one per row, as the officer needs to find them in the file. */
export function FindingsTable({ items, caption }: { items: Finding[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="table table--small findings-table" data-testid="findings-table">
        <caption className="table__caption table__caption--s">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Row</th>
            <th scope="col">Column</th>
            <th scope="col">Cell</th>
            <th scope="col">Value in the file</th>
            <th scope="col">Rule</th>
            <th scope="col">Severity</th>
            <th scope="col">What is wrong</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.id} data-testid="finding-row">
              <td className="findings-table__file">
                {f.fileName}
                {f.sheet !== null && (
                  <span className="findings-table__name" data-testid="finding-sheet">
                    Sheet: {f.sheet}
                  </span>
                )}
              </td>
              <td className="numeric">{f.line ?? '–'}</td>
              <td className="findings-table__column">
                {f.column === null ? (
                  '–'
                ) : (
                  <>
                    {columnLabel(f.source, f.column) ?? f.column}
                    {columnLabel(f.source, f.column) && <span className="findings-table__name">{f.column}</span>}
                  </>
                )}
              </td>
              <td>{f.cellRef ?? '–'}</td>
              <td className="raw-value" title={f.rawValue !== null && f.rawValue.length > RAW_MAX ? f.rawValue : undefined}>
                {f.rawValue === null ? '–' : f.rawValue === '' ? <span className="muted">(blank)</span> : shorten(f.rawValue)}
              </td>
              <td>
                <code className="code">{f.rule}</code>
              </td>
              <td>
                <strong className={`tag ${SEVERITY_CLASS[f.severity]}`}>{severityLabel(f.severity)}</strong>
              </td>
              <td className="findings-table__message">{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
