import type { Finding } from '../../../shared/api/contract';
import { severityLabel } from '../lib/format';

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
              <td className="break-all">{f.fileName}</td>
              <td className="numeric">{f.line ?? '–'}</td>
              <td>{f.column ?? '–'}</td>
              <td>{f.cellRef ?? '–'}</td>
              <td className="raw-value">{f.rawValue === null ? '–' : f.rawValue === '' ? <span className="muted">(blank)</span> : f.rawValue}</td>
              <td>
                <code className="code">{f.rule}</code>
              </td>
              <td>
                <strong className={`tag ${SEVERITY_CLASS[f.severity]}`}>{severityLabel(f.severity)}</strong>
              </td>
              <td>{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
