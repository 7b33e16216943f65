import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridColumn, StagedRow } from '../../../shared/api/contract';
import type { ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';
import { rowKeyLabel } from './findings/reviewLabels';

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
  excludedOnly?: boolean;
  /** Only these rows (a finding's rows); null or undefined for every row. */
  rowIds?: number[] | null;
  /** Rows whose value in one column starts with this text. */
  filter?: { column: string; value: string } | null;
  /** Bumped after a change, so the pages are read again. */
  refreshKey?: number;
  /** Rows ticked for excluding or including. */
  selected?: ReadonlySet<number>;
  onToggle?(row: StagedRow, on: boolean): void;
  /** "Edit" on a row, or Enter / double click on a cell (with the column's index). */
  onEdit?(row: StagedRow, columnIndex: number | null): void;
  /** The row being edited, marked in the grid. */
  editingRowId?: number | null;
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
const ACTION_WIDTH = 112;
const LINE_WIDTH = 72;
const FLAGS_WIDTH = 310;

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
export function RowsGrid({
  source,
  columns,
  sort,
  onSort,
  search,
  flaggedOnly,
  excludedOnly = false,
  rowIds = null,
  filter = null,
  refreshKey = 0,
  selected,
  onToggle,
  onEdit,
  editingRowId = null,
  workspaceKey,
  onTotal,
  label,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const queryKey = JSON.stringify([workspaceKey, source, sort, search, flaggedOnly, excludedOnly, rowIds, filter, refreshKey]);
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

  // What the query asks for, read by `pump`; `queryKey` names all of it, so pump (and the
  // effect that starts a new query) changes exactly when the query does.
  const queryRef = useRef({ source, sort, search, flaggedOnly, excludedOnly, rowIds, filter });
  queryRef.current = { source, sort, search, flaggedOnly, excludedOnly, rowIds, filter };

  const pump = useCallback(() => {
    const c = cache.current;
    const { source, sort, search, flaggedOnly, excludedOnly, rowIds, filter } = queryRef.current;
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
          excludedOnly: excludedOnly || undefined,
          rowIds: rowIds ?? undefined,
          filter: filter && filter.value !== '' ? filter : undefined,
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
  }, [queryKey]);

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
  const totalWidth = ACTION_WIDTH + LINE_WIDTH + FLAGS_WIDTH + widths.reduce((a, b) => a + b, 0);
  const colCount = columns.length + 3;
  const editable = Boolean(onEdit);

  const ariaSort = (name: string): 'ascending' | 'descending' | 'none' =>
    sort?.column === name ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';

  /** Moves keyboard focus to a value cell, scrolling its row into view first if needed. */
  const focusCell = (index: number, col: number) => {
    if (index < 0 || index >= count || col < 0 || col >= columns.length) return;
    const find = () => bodyRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"] [data-col="${col}"]`);
    const now = find();
    if (now) {
      now.focus();
      now.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
    virtualizer.scrollToIndex(index, { align: 'auto' });
    window.setTimeout(() => find()?.focus(), SCROLL_SETTLE_MS * 2);
  };

  const onGridKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    // From the grid itself, the arrow keys go into the first row's first value.
    if (target === scrollRef.current) {
      if (e.key === 'ArrowDown' && first >= 0) {
        e.preventDefault();
        focusCell(first, 0);
      }
      return;
    }
    const cell = target.closest<HTMLElement>('[data-col]');
    if (!cell || cell !== target) return;
    const index = Number(cell.closest<HTMLElement>('[data-row-index]')?.dataset.rowIndex);
    const col = Number(cell.dataset.col);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      PageDown: [20, 0],
      PageUp: [-20, 0],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      focusCell(Math.max(0, Math.min(count - 1, index + move[0])), col + move[1]);
      return;
    }
    if ((e.key === 'Enter' || e.key === 'F2') && onEdit) {
      const pageOffset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
      const row = cache.current.pages.get(pageOffset)?.[index - pageOffset];
      if (row) {
        e.preventDefault();
        onEdit(row, col);
      }
    }
  };

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
        aria-describedby={editable ? 'grid-keys-hint' : undefined}
        tabIndex={0}
        onKeyDown={onGridKeyDown}
        data-testid="grid"
      >
        <div className="grid__head" role="rowgroup" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
          <div className="grid__row grid__row--head" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
            <div className="grid__cell grid__cell--head grid__cell--sticky" role="columnheader" aria-colindex={1} style={{ width: ACTION_WIDTH, left: 0 }}>
              {editable ? 'Select, edit' : ''}
            </div>
            <div className="grid__cell grid__cell--head grid__cell--sticky" role="columnheader" aria-colindex={2} style={{ width: LINE_WIDTH, left: ACTION_WIDTH }}>
              Row
            </div>
            <div
              className="grid__cell grid__cell--head grid__cell--sticky grid__cell--sticky-last"
              role="columnheader"
              aria-colindex={3}
              style={{ width: FLAGS_WIDTH, left: ACTION_WIDTH + LINE_WIDTH }}
            >
              Checks
            </div>
            {columns.map((c, i) => {
              const s = ariaSort(c.name);
              return (
                <div
                  key={c.name}
                  className="grid__cell grid__cell--head"
                  role="columnheader"
                  aria-colindex={i + 4}
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
        <div className="grid__body" role="rowgroup" ref={bodyRef} style={{ width: totalWidth, height: virtualizer.getTotalSize() }}>
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
                  <div
                    className="grid__cell grid__cell--sticky"
                    role="gridcell"
                    aria-colindex={1}
                    style={{ width: ACTION_WIDTH + LINE_WIDTH + FLAGS_WIDTH, left: 0 }}
                  >
                    Loading…
                  </div>
                </div>
              );
            }
            const isSelected = selected?.has(row.rowId) ?? false;
            const cls = [
              'grid__row',
              item.index % 2 ? 'grid__row--odd' : '',
              row.flagged ? 'grid__row--flagged' : '',
              row.duplicate ? 'grid__row--duplicate' : '',
              row.excluded ? 'grid__row--excluded' : '',
              isSelected ? 'grid__row--selected' : '',
              editingRowId === row.rowId ? 'grid__row--editing' : '',
            ]
              .filter(Boolean)
              .join(' ');
            const edited = new Set(row.edited);
            return (
              <div
                key={item.key}
                className={cls}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected ? isSelected : undefined}
                style={style}
                data-testid="grid-row"
                data-row-index={item.index}
                data-row-id={row.rowId}
                data-row-key={row.rowKey}
                data-flagged={row.flagged ? 'true' : undefined}
                data-duplicate={row.duplicate ? 'true' : undefined}
                data-excluded={row.excluded ? 'true' : undefined}
                data-edited={row.edited.length > 0 ? row.edited.join(' ') : undefined}
              >
                <div className="grid__cell grid__cell--actions grid__cell--sticky" role="gridcell" aria-colindex={1} style={{ width: ACTION_WIDTH, left: 0 }}>
                  {onToggle && (
                    <input
                      type="checkbox"
                      className="grid__select"
                      checked={isSelected}
                      onChange={(e) => onToggle(row, e.target.checked)}
                      aria-label={`Select row ${row.line}${row.rowKey ? ` (${rowKeyLabel(row.rowKey)})` : ''}`}
                      data-testid="select-row"
                    />
                  )}
                  {onEdit && (
                    <button
                      type="button"
                      className="grid__edit"
                      onClick={() => onEdit(row, null)}
                      aria-label={`Edit row ${row.line}${row.rowKey ? ` (${rowKeyLabel(row.rowKey)})` : ''}`}
                      data-testid="edit-row"
                    >
                      Edit
                    </button>
                  )}
                </div>
                <div
                  className="grid__cell grid__cell--line grid__cell--sticky"
                  role="gridcell"
                  aria-colindex={2}
                  style={{ width: LINE_WIDTH, left: ACTION_WIDTH }}
                >
                  {row.line}
                </div>
                <div
                  className="grid__cell grid__cell--flags grid__cell--sticky grid__cell--sticky-last"
                  role="gridcell"
                  aria-colindex={3}
                  style={{ width: FLAGS_WIDTH, left: ACTION_WIDTH + LINE_WIDTH }}
                >
                  {row.flagged && <span className="flag flag--flagged">Flagged</span>}
                  {row.duplicate && <span className="flag flag--duplicate">Duplicate</span>}
                  {row.excluded && <span className="flag flag--excluded">Excluded</span>}
                  {row.edited.length > 0 && (
                    <span className="flag flag--edited" title={`Corrected: ${row.edited.map((n) => columns.find((c) => c.name === n)?.label ?? n).join(', ')}`}>
                      Corrected
                    </span>
                  )}
                </div>
                {columns.map((c, i) => {
                  const v = c.type === 'list' ? formatList(row.values[i] ?? '') : (row.values[i] ?? '');
                  const isEdited = edited.has(c.name);
                  return (
                    <div
                      key={c.name}
                      className={`grid__cell${c.type === 'money' ? ' grid__cell--numeric' : ''}${isEdited ? ' grid__cell--edited' : ''}`}
                      role="gridcell"
                      aria-colindex={i + 4}
                      style={{ width: widths[i] }}
                      title={v.length > 20 ? v : undefined}
                      tabIndex={editable ? -1 : undefined}
                      data-col={editable ? i : undefined}
                      onDoubleClick={onEdit ? () => onEdit(row, i) : undefined}
                    >
                      {isEdited && (
                        <span className="grid__edited-mark" aria-hidden="true">
                          ✎{' '}
                        </span>
                      )}
                      {v}
                      {isEdited && <span className="visually-hidden"> (corrected)</span>}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {editable && (
        <p className="hint" id="grid-keys-hint">
          In the grid, use the arrow keys to move between values; press Enter on a value, double-click it or select “Edit” to correct it.
        </p>
      )}
    </>
  );
}
