import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridColumn, StagedRow } from '../../../shared/api/contract';
import type { ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';

export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

interface Props {
  source: ImportableSource;
  columns: GridColumn[];
  sort: GridSort | null;
  onSort(column: string): void;
  search: string;
  flaggedOnly: boolean;
  /** Changes when another workspace is opened, so nothing cached survives it. */
  workspaceKey: string;
  /** The row count of the current query; null while it is being counted. */
  onTotal(total: number | null): void;
  label: string;
}

export const PAGE_SIZE = 200;
const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 40;
/** At most this many pages stay in memory (5,000 rows); the farthest from view go first. */
const MAX_PAGES = 25;
/** Requests to the app at once; more only queue behind each other in SQLite. */
const MAX_IN_FLIGHT = 2;
const SCROLL_SETTLE_MS = 60;
const LINE_WIDTH = 80;
const FLAGS_WIDTH = 170;

/** A `list` value (a JSON array of text) as "Ann Smith; Bob Smith"; other text as it is. */
export function formatList(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[')) return value;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) return value;
    return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
  } catch {
    return value;
  }
}

function columnWidth(c: GridColumn): number {
  switch (c.type) {
    case 'list':
      return 260;
    case 'account':
      return 150;
    case 'money':
      return 150;
    case 'date':
      return 130;
    case 'band':
      return 80;
    default:
      return 180;
  }
}

interface PageCache {
  key: string;
  pages: Map<number, StagedRow[]>;
  loading: Set<number>;
}

/**
 * Staged rows as a virtualised grid. Only the rows in view are in the DOM, and only the
 * pages of 200 around them are fetched (`staging/rows`) and kept; sorting, searching and
 * filtering happen in SQLite, so the whole table is never in the renderer's memory.
 */
export function RowsGrid({ source, columns, sort, onSort, search, flaggedOnly, workspaceKey, onTotal, label }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const queryKey = JSON.stringify([workspaceKey, source, sort, search, flaggedOnly]);
  const cache = useRef<PageCache>({ key: '', pages: new Map(), loading: new Set() });
  if (cache.current.key !== queryKey) {
    // A new query: nothing from the old one applies any more.
    cache.current = { key: queryKey, pages: new Map(), loading: new Set() };
  }
  const [counted, setCounted] = useState<{ key: string; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, pageArrived] = useReducer((n: number) => n + 1, 0);
  const centre = useRef(0);

  const currentTotal = counted && counted.key === queryKey ? counted.total : null;
  // While a new query is counted, keep the old count so the grid does not jump.
  const count = counted?.total ?? 0;

  useEffect(() => onTotal(currentTotal), [currentTotal, onTotal]);

  // Pages in view right now, nearest the middle first. Requests go out at most
  // MAX_IN_FLIGHT at a time and always for what is in view when a slot frees, so a fast
  // scroll through 100,000 rows does not queue up pages nobody is looking at any more.
  const wanted = useRef<number[]>([]);

  const pump = useCallback(() => {
    const c = cache.current;
    for (const offset of wanted.current) {
      if (c.loading.size >= MAX_IN_FLIGHT) return;
      if (c.pages.has(offset) || c.loading.has(offset)) continue;
      c.loading.add(offset);
      api
        .call('staging/rows', {
          source,
          offset,
          limit: PAGE_SIZE,
          sort: sort ?? undefined,
          search: search === '' ? undefined : search,
          flaggedOnly: flaggedOnly || undefined,
        })
        .then((res) => {
          c.loading.delete(offset);
          if (cache.current !== c) return; // the query changed meanwhile
          c.pages.set(offset, res.rows);
          while (c.pages.size > MAX_PAGES) {
            let farthest = offset;
            for (const o of c.pages.keys()) {
              if (Math.abs(o - centre.current) > Math.abs(farthest - centre.current)) farthest = o;
            }
            if (farthest === offset) break;
            c.pages.delete(farthest);
          }
          setCounted({ key: c.key, total: res.total });
          setError(null);
          pageArrived();
          pump();
        })
        .catch((e: unknown) => {
          c.loading.delete(offset);
          if (cache.current !== c) return;
          setError(errorMessage(e));
        });
    }
  }, [source, sort, search, flaggedOnly]);

  // A new query starts at the top, and its first page also tells how many rows there are.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setError(null);
    wanted.current = [0];
    pump();
  }, [queryKey, pump]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length > 0 ? items[0].index : -1;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  centre.current = first < 0 ? 0 : Math.floor((first + last) / 2 / PAGE_SIZE) * PAGE_SIZE;

  // Ask for the pages in view once scrolling pauses briefly.
  useEffect(() => {
    if (first < 0) return;
    const t = window.setTimeout(() => {
      const firstPage = Math.floor(first / PAGE_SIZE);
      const lastPage = Math.floor(last / PAGE_SIZE);
      const middle = (first + last) / 2;
      const pages: number[] = [];
      for (let p = firstPage; p <= lastPage; p++) pages.push(p * PAGE_SIZE);
      pages.sort((a, b) => Math.abs(a + PAGE_SIZE / 2 - middle) - Math.abs(b + PAGE_SIZE / 2 - middle));
      wanted.current = pages;
      pump();
    }, SCROLL_SETTLE_MS);
    return () => window.clearTimeout(t);
  }, [first, last, queryKey, pump]);

  const widths = columns.map(columnWidth);
  const totalWidth = LINE_WIDTH + FLAGS_WIDTH + widths.reduce((a, b) => a + b, 0);
  const colCount = columns.length + 2;

  const ariaSort = (name: string): 'ascending' | 'descending' | 'none' =>
    sort?.column === name ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';

  return (
    <>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      <div
        className="grid"
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={count + 1}
        aria-colcount={colCount}
        aria-busy={currentTotal === null}
        tabIndex={0}
        data-testid="grid"
      >
        <div className="grid__head" role="rowgroup" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
          <div className="grid__row grid__row--head" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
            <div className="grid__cell grid__cell--head grid__cell--sticky" role="columnheader" aria-colindex={1} style={{ width: LINE_WIDTH, left: 0 }}>
              Row
            </div>
            <div className="grid__cell grid__cell--head grid__cell--sticky grid__cell--sticky-last" role="columnheader" aria-colindex={2} style={{ width: FLAGS_WIDTH, left: LINE_WIDTH }}>
              Checks
            </div>
            {columns.map((c, i) => {
              const s = ariaSort(c.name);
              return (
                <div
                  key={c.name}
                  className="grid__cell grid__cell--head"
                  role="columnheader"
                  aria-colindex={i + 3}
                  aria-sort={s}
                  style={{ width: widths[i] }}
                >
                  <button
                    type="button"
                    className="grid__sort"
                    onClick={() => onSort(c.name)}
                    title={`${c.label} (${c.name}). Select to sort.`}
                    data-testid={`sort-${c.name}`}
                  >
                    <span className="grid__sort-label">{c.label}</span>
                    <span className="grid__sort-icon" aria-hidden="true">
                      {s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div className="grid__body" role="rowgroup" style={{ width: totalWidth, height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const pageOffset = Math.floor(item.index / PAGE_SIZE) * PAGE_SIZE;
            const row = cache.current.pages.get(pageOffset)?.[item.index - pageOffset];
            const style = {
              height: ROW_HEIGHT,
              width: totalWidth,
              transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
            };
            if (!row) {
              return (
                <div
                  key={item.key}
                  className="grid__row grid__row--loading"
                  role="row"
                  aria-rowindex={item.index + 2}
                  style={style}
                  data-testid="grid-row"
                  data-loading="true"
                >
                  <div className="grid__cell grid__cell--sticky" role="gridcell" aria-colindex={1} style={{ width: LINE_WIDTH + FLAGS_WIDTH, left: 0 }}>
                    Loading…
                  </div>
                </div>
              );
            }
            const cls = `grid__row${item.index % 2 ? ' grid__row--odd' : ''}${row.flagged ? ' grid__row--flagged' : ''}${row.duplicate ? ' grid__row--duplicate' : ''}`;
            return (
              <div
                key={item.key}
                className={cls}
                role="row"
                aria-rowindex={item.index + 2}
                style={style}
                data-testid="grid-row"
                data-flagged={row.flagged ? 'true' : undefined}
                data-duplicate={row.duplicate ? 'true' : undefined}
              >
                <div className="grid__cell grid__cell--line grid__cell--sticky" role="gridcell" aria-colindex={1} style={{ width: LINE_WIDTH, left: 0 }}>
                  {row.line}
                </div>
                <div className="grid__cell grid__cell--flags grid__cell--sticky grid__cell--sticky-last" role="gridcell" aria-colindex={2} style={{ width: FLAGS_WIDTH, left: LINE_WIDTH }}>
                  {row.flagged && <span className="flag flag--flagged">Flagged</span>}
                  {row.duplicate && <span className="flag flag--duplicate">Duplicate</span>}
                </div>
                {columns.map((c, i) => {
                  const v = c.type === 'list' ? formatList(row.values[i] ?? '') : (row.values[i] ?? '');
                  return (
                    <div
                      key={c.name}
                      className={`grid__cell${c.type === 'money' ? ' grid__cell--numeric' : ''}`}
                      role="gridcell"
                      aria-colindex={i + 3}
                      style={{ width: widths[i] }}
                      title={v.length > 20 ? v : undefined}
                    >
                      {v}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
