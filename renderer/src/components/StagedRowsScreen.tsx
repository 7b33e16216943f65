import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridColumn, ResponseOf, StagedRow } from '../../../shared/api/contract';
import { sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { plural } from '../lib/format';
import { isImportableSource } from '../lib/sources';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { Checkbox, ErrorMessage, SearchField, SelectField, SourceOptions } from './Fields';
import { NeedWorkspace } from './NeedWorkspace';
import { RowsGrid, type GridSort } from './RowsGrid';
import { UndoButton } from './UndoButton';
import { NoteField } from './findings/NoteField';
import { RowEditForm } from './findings/RowEditForm';

type EditResult = ResponseOf<'rows/edit'>;

/**
 * Browse what has been imported: search, sort and filter in a grid that scales to any size;
 * correct a value, exclude or include rows (each with a note, audited and undoable).
 */
export function StagedRowsScreen() {
  const { workspace, announce, params } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [source, setSource] = useState<ImportableSource>(() => (params.source && isImportableSource(params.source) ? params.source : 'accounts'));
  /** The rows of a finding, when the screen was opened from one. */
  const [rowIds, setRowIds] = useState<number[] | null>(() => (params.rowIds && params.rowIds.length > 0 ? params.rowIds : null));
  const [columns, setColumns] = useState<GridColumn[] | null>(null);
  const [columnsError, setColumnsError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [excludedOnly, setExcludedOnly] = useState(false);
  const [filterColumn, setFilterColumn] = useState('');
  const [filterText, setFilterText] = useState('');
  const filterValue = useDebouncedValue(filterText.trim(), 250);
  const [sort, setSort] = useState<GridSort | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [selected, setSelected] = useState<Map<number, StagedRow>>(new Map());
  const [editing, setEditing] = useState<{ row: StagedRow; columnIndex: number | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const gridWrapRef = useRef<HTMLDivElement>(null);

  // Opened again from a finding while already on this screen: show that finding's rows.
  const firstParams = useRef(params);
  useEffect(() => {
    if (params === firstParams.current) return;
    firstParams.current = params;
    if (params.source && isImportableSource(params.source)) setSource(params.source);
    setRowIds(params.rowIds && params.rowIds.length > 0 ? params.rowIds : null);
    setSelected(new Map());
    setEditing(null);
  }, [params]);

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

  const effectiveFilterColumn = columns?.some((c) => c.name === filterColumn) ? filterColumn : (columns?.[0]?.name ?? '');
  const filter = useMemo(
    () => (filterValue !== '' && effectiveFilterColumn ? { column: effectiveFilterColumn, value: filterValue } : null),
    [effectiveFilterColumn, filterValue],
  );

  /** Set when the grid is re-read after a change, whose own message must not be talked over. */
  const quietRecount = useRef(false);
  const onTotal = useCallback(
    (t: number | null) => {
      setTotal(t);
      if (t === null) return;
      if (quietRecount.current) quietRecount.current = false;
      else announce(`${plural(t, 'row')} shown.`);
    },
    [announce],
  );
  const refreshQuietly = () => {
    quietRecount.current = true;
    setRefreshKey((k) => k + 1);
  };

  const onSort = useCallback((column: string) => {
    // Ascending, then descending, then back to file order.
    setSort((s) => (s?.column !== column ? { column, direction: 'asc' } : s.direction === 'asc' ? { column, direction: 'desc' } : null));
  }, []);

  const onToggle = useCallback((row: StagedRow, on: boolean) => {
    setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(row.rowId, row);
      else next.delete(row.rowId);
      return next;
    });
  }, []);
  const selectedIds = useMemo(() => new Set(selected.keys()), [selected]);

  const onEdit = useCallback((row: StagedRow, columnIndex: number | null) => {
    setMessage(null);
    setEditing({ row, columnIndex });
  }, []);

  const closeEditor = () => {
    setEditing(null);
    // Back to the grid, where the officer was.
    gridWrapRef.current?.querySelector<HTMLElement>('[data-testid="grid"]')?.focus();
  };

  const onSaved = (result: EditResult, columnLabel: string) => {
    const resolved = result.resolved > 0 ? ` ${plural(result.resolved, 'cross-source finding')} settled by this change.` : '';
    const fixed = `${plural(result.fixed, 'finding')} fixed`;
    const still = result.stillFlagged ? ' The row still has other findings.' : '';
    const text = `Saved. ${fixed}.${resolved}${still}`;
    setMessage(`${columnLabel} of row ${result.row.line} saved. ${fixed}.${resolved}${still}`);
    announce(text);
    refreshQuietly();
    closeEditor();
  };

  const changeRows = async (action: 'exclude' | 'include') => {
    setNoteError(null);
    setActionError(null);
    setMessage(null);
    if (selected.size === 0) {
      setActionError('Select at least one row first');
      return;
    }
    if (note.trim() === '') {
      setNoteError(action === 'exclude' ? 'Enter a note to say why these rows should be left out' : 'Enter a note to say why these rows should be used again');
      document.getElementById('rows-note')?.focus();
      return;
    }
    setBusy(true);
    try {
      const ids = [...selected.keys()];
      const r =
        action === 'exclude'
          ? await api.call('rows/exclude', { source, rowIds: ids, note: note.trim() })
          : await api.call('rows/include', { source, rowIds: ids, note: note.trim() });
      const text =
        r.changed === 0
          ? action === 'exclude'
            ? 'The selected rows were already excluded.'
            : 'None of the selected rows was excluded.'
          : `${plural(r.changed, 'row')} ${action === 'exclude' ? 'excluded' : 'included again'}.`;
      setMessage(text);
      announce(text);
      setSelected(new Map());
      setNote('');
      refreshQuietly();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onUndone = useCallback(() => {
    setMessage(null);
    setEditing(null);
    quietRecount.current = true;
    setRefreshKey((k) => k + 1);
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
  const filterLabel = columns?.find((c) => c.name === effectiveFilterColumn)?.label;
  const anyFilter = search !== '' || flaggedOnly || excludedOnly || filter !== null || rowIds !== null;

  return (
    <section aria-labelledby="rows-heading" data-testid="rows-screen" className="rows-screen">
      <h1 className="heading-l" id="rows-heading" ref={heading} tabIndex={-1}>
        Staged rows
      </h1>
      <p className="body">The rows imported into this workspace, as they will be used for billing. Correct a value, or leave rows out.</p>
      <UndoButton onUndone={onUndone} refreshKey={refreshKey} />

      {rowIds && (
        <div className="inset" data-testid="rows-from-finding">
          <p>
            Showing {plural(rowIds.length, 'row')} from a finding.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setRowIds(null);
                announce('Showing every row.');
              }}
              data-testid="rows-show-all"
            >
              Show all rows
            </button>
          </p>
        </div>
      )}

      <div className="toolbar">
        <SelectField
          className="toolbar__item"
          id="rows-source"
          label="File"
          value={source}
          onChange={(value) => {
            const next = value as ImportableSource;
            if (next === source) return;
            setSource(next);
            setSort(null);
            setRowIds(null);
            setSelected(new Map());
            setEditing(null);
            setFilterColumn('');
            setFilterText('');
            // The count shown belongs to the old source until the grid counts the new one.
            setTotal(null);
          }}
        >
          <SourceOptions />
        </SelectField>
        <SearchField id="rows-search" hint={`Searches ${searchable.length > 0 ? joinWithAnd(searchable) : 'the rows'}`} value={searchText} onChange={setSearchText} />
        <div className="form-group toolbar__item toolbar__item--end">
          <Checkbox id="rows-flagged" label="Flagged rows only" checked={flaggedOnly} onChange={setFlaggedOnly} testId="rows-flagged-only" />
          <Checkbox id="rows-excluded" label="Excluded rows only" checked={excludedOnly} onChange={setExcludedOnly} testId="rows-excluded-only" />
        </div>
      </div>
      {columns && (
        <div className="toolbar">
          <SelectField className="toolbar__item" id="rows-filter-column" label="Filter by column" value={effectiveFilterColumn} onChange={setFilterColumn}>
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <div className="form-group toolbar__item toolbar__item--grow">
            <label className="label label--s" htmlFor="rows-filter-value">
              {filterLabel ? `${filterLabel} starts with` : 'Starts with'}
            </label>
            <input
              className="input"
              id="rows-filter-value"
              type="text"
              value={filterText}
              maxLength={200}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setFilterText(e.target.value)}
              data-testid="rows-filter-value"
            />
          </div>
        </div>
      )}

      <p className="body rows-count" data-testid="row-count" data-source={source} data-total={total ?? ''}>
        <strong>{total === null ? 'Counting rows…' : plural(total, 'row')}</strong>
        {search !== '' && total !== null && <> matching “{search}”</>}
        {filter && total !== null && filterLabel && (
          <>
            {' '}
            where {filterLabel} starts with “{filter.value}”
          </>
        )}
        {flaggedOnly && total !== null && <>, flagged only</>}
        {excludedOnly && total !== null && <>, excluded only</>}
        {sortedColumn && sort && (
          <span className="muted">
            {' '}
            · sorted by {sortedColumn.label}, {directionLabel(sortedColumn.type, sort.direction)}
          </span>
        )}
      </p>

      {message && (
        <div className="panel panel--success panel--compact" data-testid="rows-message">
          <p className="panel__body">{message}</p>
        </div>
      )}

      {editing && columns && (
        <RowEditForm
          source={source}
          columns={columns}
          row={editing.row}
          columnIndex={editing.columnIndex}
          onSaved={onSaved}
          onCancel={closeEditor}
        />
      )}

      {columnsError && <p className="error-message">{columnsError}</p>}
      <div ref={gridWrapRef}>
        {columns && (
          <RowsGrid
            source={source}
            columns={columns}
            sort={sort}
            onSort={onSort}
            search={search}
            flaggedOnly={flaggedOnly}
            excludedOnly={excludedOnly}
            rowIds={rowIds}
            filter={filter}
            refreshKey={refreshKey}
            selected={selectedIds}
            onToggle={onToggle}
            onEdit={onEdit}
            editingRowId={editing?.row.rowId ?? null}
            workspaceKey={workspace.id}
            onTotal={onTotal}
            label={`Staged rows of ${def.label}`}
          />
        )}
      </div>
      {total === 0 && (
        <p className="body" data-testid="rows-empty">
          {anyFilter ? 'No rows match. Try a different search or filter.' : `Nothing has been imported as ${def.label} yet.`}
        </p>
      )}

      <section className="bulk-actions" aria-labelledby="rows-actions-heading" data-testid="rows-actions">
        <h2 className="heading-s" id="rows-actions-heading">
          Exclude or include the selected rows
        </h2>
        <p className="body" data-testid="rows-selected-count" aria-live="polite">
          {selected.size === 0 ? 'No rows selected. Tick the rows in the grid first.' : `${plural(selected.size, 'row')} selected.`}{' '}
          {selected.size > 0 && (
            <button type="button" className="link-button" onClick={() => setSelected(new Map())} data-testid="rows-clear-selection">
              Clear the selection
            </button>
          )}
        </p>
        <NoteField
          id="rows-note"
          label="Note"
          hint="Why you are leaving these rows out or using them again. It is kept in the audit trail."
          value={note}
          onChange={setNote}
          error={noteError}
          testId="rows-note"
        />
        <div className="button-group">
          <button type="button" className="button button--warning" onClick={() => void changeRows('exclude')} disabled={busy} data-testid="rows-exclude">
            Exclude selected
          </button>
          <button type="button" className="button button--secondary" onClick={() => void changeRows('include')} disabled={busy} data-testid="rows-include">
            Include selected
          </button>
        </div>
        {actionError && <ErrorMessage testId="rows-action-error">{actionError}</ErrorMessage>}
      </section>

      <p className="hint">
        Select a column heading to sort by it; select it again to reverse the order, and a third time to go back to file order. Rows marked
        “Flagged” have at least one finding; “Duplicate” rows repeat an account number seen earlier in the file; “Excluded” rows are left out
        of the checks, bills and pushes; “Corrected” rows have a value an officer changed (marked ✎).
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
