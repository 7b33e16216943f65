import { useEffect, useState } from 'react';
import type { Finding } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { formatCount, plural } from '../lib/format';
import { FindingsTable } from './FindingsTable';
import { Pagination } from './Pagination';

interface Props {
  batchId?: string;
  severity?: 'error' | 'warning' | 'info';
  rule?: string;
  pageSize?: number;
  caption?: string;
}

/** A page of `findings/list` for the given filters, with previous/next. */
export function FindingsList({ batchId, severity, rule, pageSize = 100, caption = 'Findings' }: Props) {
  // New filters start again at the first page.
  const filterKey = `${batchId ?? ''}|${severity ?? ''}|${rule ?? ''}`;
  const [paging, setPaging] = useState({ key: filterKey, offset: 0 });
  const offset = paging.key === filterKey ? paging.offset : 0;
  const setOffset = (o: number) => setPaging({ key: filterKey, offset: o });
  const [data, setData] = useState<{ total: number; items: Finding[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .call('findings/list', { batchId, severity, rule, offset, limit: pageSize })
      .then((r) => {
        if (!live) return;
        setData(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [batchId, severity, rule, offset, pageSize]);

  if (error) return <p className="error-message">{error}</p>;
  if (!data) return <p className="body">Loading findings…</p>;
  if (data.total === 0) {
    return (
      <p className="body" data-testid="findings-empty">
        {severity || rule ? 'No findings match these filters.' : 'There are no findings. Every row passed every check.'}
      </p>
    );
  }
  const from = offset + 1;
  const to = offset + data.items.length;
  return (
    <div data-testid="findings-list" aria-busy={loading}>
      <p className="body" data-testid="findings-count">
        Showing {formatCount(from)} to {formatCount(to)} of {plural(data.total, 'finding')}
      </p>
      <FindingsTable items={data.items} caption={caption} />
      <Pagination
        offset={offset}
        pageSize={pageSize}
        total={data.total}
        onChange={setOffset}
        label="Findings pages"
      />
    </div>
  );
}
