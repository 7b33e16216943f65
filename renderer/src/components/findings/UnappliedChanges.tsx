import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { formatDateTime, plural } from '../../lib/format';
import { sourceLabel } from '../../lib/sources';
import { rowKeyLabel } from './reviewLabels';

type Unapplied = ResponseOf<'rows/unapplied'>;

/**
 * Corrections and exclusions whose row is no longer in the file imported since: they are kept,
 * never silently dropped, and listed here so the officer can redo them on the right row.
 */
export function UnappliedChanges({ refreshKey }: { refreshKey: unknown }) {
  const [items, setItems] = useState<Unapplied>([]);

  useEffect(() => {
    let live = true;
    api
      .call('rows/unapplied', {})
      .then((r) => live && setItems(r))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [refreshKey]);

  if (items.length === 0) return null;
  return (
    <div className="inset inset--warning" data-testid="unapplied">
      <p>
        <strong>
          {plural(items.length, 'earlier change')} could not be applied
        </strong>{' '}
        because {items.length === 1 ? 'its row is' : 'their rows are'} not in the file imported since. Check the new file and make the change
        again if it is still needed.
      </p>
      <details className="details">
        <summary className="details__summary">
          <span className="details__summary-text">Show the changes</span>
        </summary>
        <div className="details__text">
          <table className="table table--small">
            <caption className="table__caption table__caption--s">Changes not applied to the current import</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">File</th>
                <th scope="col">Row</th>
                <th scope="col">Column and value</th>
                <th scope="col">Note</th>
                <th scope="col">Who and when</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u, i) => (
                <tr key={i} data-testid="unapplied-row">
                  <td>{u.kind === 'edit' ? 'Correction' : 'Exclusion'}</td>
                  <td>{sourceLabel(u.source)}</td>
                  <td>
                    <code className="code">{rowKeyLabel(u.rowKey)}</code>
                  </td>
                  <td>{u.column ? `${u.column}: ${u.value ?? ''}` : '–'}</td>
                  <td>{u.note ?? '–'}</td>
                  <td>
                    {u.by}, {formatDateTime(u.at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
