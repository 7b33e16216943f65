import { useCallback, useEffect, useState } from 'react';
import type { GridColumn } from '../../../shared/api/contract';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { plural } from '../lib/format';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { NeedWorkspace } from './NeedWorkspace';
import { RowsGrid, type GridSort } from './RowsGrid';

/** Browse what has been imported: search, sort and filter in a grid that scales to any size. */
export function StagedRowsScreen() {
  const { workspace, announce } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [source, setSource] = useState<ImportableSource>('accounts');
  const [columns, setColumns] = useState<GridColumn[] | null>(null);
  const [columnsError, setColumnsError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [sort, setSort] = useState<GridSort | null>(null);
  const [total, setTotal] = useState<number | null>(null);

  const def = sourceDef(source);
  const searchable = def.columns.filter((c) => c.searchable).map((c) => c.label.toLowerCase());

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    setColumns(null);
    api
      .call('staging/columns', { source })
      .then((c) => {
        if (!live) return;
        setColumns(c);
        setColumnsError(null);
      })
      .catch((e: unknown) => live && setColumnsError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [source, workspace]);

  const onTotal = useCallback(
    (t: number | null) => {
      setTotal(t);
      if (t !== null) announce(`${plural(t, 'row')} shown.`);
    },
    [announce],
  );

  const onSort = useCallback((column: string) => {
    // Ascending, then descending, then back to file order.
    setSort((s) => (s?.column !== column ? { column, direction: 'asc' } : s.direction === 'asc' ? { column, direction: 'desc' } : null));
  }, []);

  if (!workspace) {
    return (
      <section aria-labelledby="rows-heading" data-testid="rows-screen">
        <h1 className="heading-l" id="rows-heading" ref={heading} tabIndex={-1}>
          Staged rows
        </h1>
        <NeedWorkspace />
      </section>
    );
  }

  const sortedColumn = sort ? columns?.find((c) => c.name === sort.column) : undefined;

  return (
    <section aria-labelledby="rows-heading" data-testid="rows-screen" className="rows-screen">
      <h1 className="heading-l" id="rows-heading" ref={heading} tabIndex={-1}>
        Staged rows
      </h1>
      <p className="body">The rows imported into this workspace, as they will be used for billing.</p>

      <div className="toolbar">
        <div className="form-group toolbar__item">
          <label className="label label--s" htmlFor="rows-source">
            File
          </label>
          <select
            className="select"
            id="rows-source"
            value={source}
            onChange={(e) => {
              const next = e.target.value as ImportableSource;
              if (next === source) return;
              setSource(next);
              setSort(null);
              // The count shown belongs to the old source until the grid counts the new one.
              setTotal(null);
            }}
            data-testid="rows-source"
          >
            {IMPORTABLE_SOURCE_NAMES.map((name) => (
              <option key={name} value={name}>
                {sourceDef(name).label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group toolbar__item toolbar__item--grow">
          <label className="label label--s" htmlFor="rows-search">
            Search
          </label>
          <div className="hint" id="rows-search-hint">
            Searches {searchable.length > 0 ? joinWithAnd(searchable) : 'the rows'}
          </div>
          <input
            className="input"
            id="rows-search"
            type="search"
            value={searchText}
            maxLength={200}
            spellCheck={false}
            autoComplete="off"
            aria-describedby="rows-search-hint"
            onChange={(e) => setSearchText(e.target.value)}
            data-testid="rows-search"
          />
        </div>
        <div className="form-group toolbar__item toolbar__item--end">
          <div className="checkboxes__item">
            <input
              className="checkboxes__input"
              id="rows-flagged"
              type="checkbox"
              checked={flaggedOnly}
              onChange={(e) => setFlaggedOnly(e.target.checked)}
              data-testid="rows-flagged-only"
            />
            <label className="checkboxes__label" htmlFor="rows-flagged">
              Flagged rows only
            </label>
          </div>
        </div>
      </div>

      <p className="body rows-count" data-testid="row-count" data-source={source} data-total={total ?? ''}>
        <strong>{total === null ? 'Counting rows…' : plural(total, 'row')}</strong>
        {search !== '' && total !== null && <> matching “{search}”</>}
        {flaggedOnly && total !== null && <>, flagged only</>}
        {sortedColumn && sort && (
          <span className="muted">
            {' '}
            · sorted by {sortedColumn.label}, {directionLabel(sortedColumn.type, sort.direction)}
          </span>
        )}
      </p>

      {columnsError && <p className="error-message">{columnsError}</p>}
      {columns && (
        <RowsGrid
          source={source}
          columns={columns}
          sort={sort}
          onSort={onSort}
          search={search}
          flaggedOnly={flaggedOnly}
          workspaceKey={workspace.id}
          onTotal={onTotal}
          label={`Staged rows of ${def.label}`}
        />
      )}
      {total === 0 && (
        <p className="body" data-testid="rows-empty">
          {search !== '' || flaggedOnly
            ? 'No rows match. Try a different search or untick “Flagged rows only”.'
            : `Nothing has been imported as ${def.label} yet.`}
        </p>
      )}
      <p className="hint">
        Select a column heading to sort by it; select it again to reverse the order, and a third time to go back to file order. Rows marked
        “Flagged” have at least one finding; “Duplicate” rows repeat an account number seen earlier in the file.
      </p>
    </section>
  );
}

function directionLabel(type: string, direction: 'asc' | 'desc'): string {
  const asc = direction === 'asc';
  if (type === 'money') return asc ? 'smallest first' : 'largest first';
  if (type === 'date') return asc ? 'oldest first' : 'newest first';
  return asc ? 'A to Z' : 'Z to A';
}

function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
