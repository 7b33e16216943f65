import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditEntry, AuditQuery, ResponseOf, UndoableEdit } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { sourceLabel } from '../lib/sources';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useFileExport } from '../lib/useFileExport';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ExportPanel } from './ExportButtons';
import { ErrorMessage, SearchField, SelectField } from './Fields';
import { NeedWorkspace } from './NeedWorkspace';
import { Pagination } from './Pagination';
import { actionLabel, describeValue, rowKeyLabel } from './findings/reviewLabels';

type AuditPage = ResponseOf<'audit/list'>;

const PAGE_SIZE = 50;
const VALUE_MAX = 120;

function shorten(raw: string | null): { shown: string; full?: string } {
  const text = describeValue(raw);
  return text.length > VALUE_MAX ? { shown: `${text.slice(0, VALUE_MAX - 1)}…`, full: text } : { shown: text };
}

/** The start of the day after `date` (YYYY-MM-DD), so "to 3 March" includes all of 3 March. */
function endOfDay(date: string): string {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/**
 * Who changed what and when: every import, decision, correction, exclusion, bill run and undo
 * in this workspace, filtered and paged, downloadable for Excel; and the officer's own recent
 * changes, the newest of which can be undone.
 */
export function AuditScreen() {
  const { workspace } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const exporter = useFileExport();

  const dateError = from && to && from > to ? 'The “to” date must be the same as or after the “from” date' : null;

  const filters = useMemo<AuditQuery>(
    () => ({
      actor: actor || undefined,
      action: action || undefined,
      search: search || undefined,
      from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
      to: to ? endOfDay(to) : undefined,
    }),
    [actor, action, search, from, to],
  );
  const filterKey = JSON.stringify(filters);
  const [paging, setPaging] = useState({ key: filterKey, offset: 0 });
  const offset = paging.key === filterKey ? paging.offset : 0;

  useEffect(() => {
    if (!workspace || dateError) return;
    let live = true;
    setLoading(true);
    api
      .call('audit/list', { ...filters, offset, limit: PAGE_SIZE })
      .then((r) => {
        if (!live) return;
        setPage(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [workspace, filters, offset, version, dateError]);

  const exportAudit = (format: 'csv' | 'xlsx') =>
    void exporter.run(
      // What the boxes say now, even if the list has not caught up with the last keystroke.
      () => api.call('audit/export', { ...filters, search: searchText.trim() || undefined, format }),
      () => (format === 'csv' ? 'The audit trail (CSV)' : 'The audit trail (Excel)'),
      'The audit trail was not saved.',
    );

  const onUndone = useCallback(() => setVersion((v) => v + 1), []);

  if (!workspace) {
    return (
      <section aria-labelledby="audit-heading" data-testid="audit-screen">
        <h1 className="heading-l" id="audit-heading" ref={heading} tabIndex={-1}>
          Audit trail
        </h1>
        <NeedWorkspace />
      </section>
    );
  }

  const actors = page?.actors ?? [];
  const actions = page?.actions ?? [];
  const items = page?.items ?? [];
  const filtered = Boolean(actor || action || search || from || to);

  return (
    <section aria-labelledby="audit-heading" data-testid="audit-screen" className="review-screen">
      <h1 className="heading-l" id="audit-heading" ref={heading} tabIndex={-1}>
        Audit trail
      </h1>
      <p className="body">Every change made in this workspace: who made it, when, what it changed and why. Newest first.</p>

      <UndoPanel refreshKey={version} onUndone={onUndone} />

      <h2 className="heading-m">Changes</h2>
      <div className="toolbar" role="search" aria-label="Filter the audit trail">
        <SelectField className="toolbar__item" id="audit-actor" label="Officer" value={actor} onChange={setActor}>
          <option value="">Everyone</option>
          {[...new Set([...actors, ...(actor ? [actor] : [])])].map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </SelectField>
        <SelectField className="toolbar__item" id="audit-action" label="Action" value={action} onChange={setAction}>
          <option value="">All actions</option>
          {[...new Set([...actions, ...(action ? [action] : [])])].map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </SelectField>
        <SearchField id="audit-search" hint="Account number, run number or words of the note, before or after" value={searchText} onChange={setSearchText} />
      </div>
      <div className={`toolbar${dateError ? ' form-group--error' : ''}`}>
        <DateFilter id="audit-from" label="From" value={from} onChange={setFrom} invalid={Boolean(dateError)} />
        <DateFilter id="audit-to" label="To" value={to} onChange={setTo} invalid={Boolean(dateError)} />
        {filtered && (
          <div className="form-group toolbar__item toolbar__item--end">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setActor('');
                setAction('');
                setSearchText('');
                setFrom('');
                setTo('');
              }}
              data-testid="audit-clear"
            >
              Clear the filters
            </button>
          </div>
        )}
      </div>
      {dateError && (
        <ErrorMessage id="audit-dates-error" testId="audit-dates-error" alert={false}>
          {dateError}
        </ErrorMessage>
      )}

      <ExportPanel
        testId="audit-export"
        what="the audit trail"
        onExport={exportAudit}
        busy={exporter.busy}
        disabled={Boolean(dateError)}
        message={exporter.message}
        error={exporter.error}
        hint="The download has the changes the filters above select."
      />

      {error && <ErrorMessage testId="audit-error">{error}</ErrorMessage>}
      {!page && !error && <p className="body">Loading the audit trail…</p>}
      {page && (
        <div aria-busy={loading} data-testid="audit-list">
          <p className="body" data-testid="audit-count" data-total={page.total}>
            {page.total === 0
              ? filtered
                ? 'No changes match these filters.'
                : 'Nothing has been changed in this workspace yet.'
              : `Showing ${formatCount(offset + 1)} to ${formatCount(offset + items.length)} of ${plural(page.total, 'change')}`}
          </p>
          {items.length > 0 && <AuditTable items={items} />}
          <Pagination
            offset={offset}
            pageSize={PAGE_SIZE}
            total={page.total}
            onChange={(o) => setPaging({ key: filterKey, offset: o })}
            label="Audit trail pages"
          />
        </div>
      )}
    </section>
  );
}

/** A date box of the filter toolbar; when the dates disagree it points at their error message. */
function DateFilter({ id, label, value, onChange, invalid }: { id: string; label: string; value: string; onChange(value: string): void; invalid: boolean }) {
  return (
    <div className="form-group toolbar__item">
      <label className="label label--s" htmlFor={id}>
        {label}
      </label>
      <input
        className={`input input--date${invalid ? ' input--error' : ''}`}
        id={id}
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={invalid ? 'audit-dates-error' : undefined}
        data-testid={id}
      />
    </div>
  );
}

function AuditTable({ items }: { items: AuditEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="table table--small audit-table" data-testid="audit-table">
        <caption className="table__caption table__caption--s">Changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const before = shorten(e.before);
            const after = shorten(e.after);
            return (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-actor={e.actor} data-key={e.entityKey ?? ''}>
                <td className="audit-table__when">{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{actionLabel(e.action)}</td>
                <td>
                  {e.entity ? sourceLabel(e.entity) : '–'}
                  {e.entityKey && (
                    <>
                      {' '}
                      <code className="code">{rowKeyLabel(e.entityKey)}</code>
                    </>
                  )}
                </td>
                <td className="audit-table__value" title={before.full}>
                  {before.shown}
                </td>
                <td className="audit-table__value" title={after.full}>
                  {after.shown}
                </td>
                <td className="audit-table__note">{e.note ?? '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The officer's own recent changes that can be undone; only the newest has an "Undo" button. */
function UndoPanel({ refreshKey, onUndone }: { refreshKey: number; onUndone(): void }) {
  const { announce } = useApp();
  const [list, setList] = useState<UndoableEdit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .call('undo/list', {})
      .then((l) => {
        if (!live) return;
        setList(l);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [refreshKey, reload]);

  const undo = async (id: number) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const { undone } = await api.call('undo/apply', { id });
      const text = `Undone: ${undone}`;
      setMessage(text);
      announce(text);
      onUndone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setReload((n) => n + 1);
    }
  };

  return (
    <section className="undo-panel" aria-labelledby="undo-heading" data-testid="undo-panel">
      <h2 className="heading-m" id="undo-heading">
        Your recent changes
      </h2>
      <p className="body">Only your newest change can be undone; undo changes one at a time, newest first. Undoing is recorded too.</p>
      {message && (
        <p className="body" data-testid="undo-panel-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error-message" role="alert" data-testid="undo-panel-error">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      {list === null && !error && <p className="body">Loading…</p>}
      {list && list.length === 0 && (
        <p className="body" data-testid="undo-empty">
          You have no changes that can be undone.
        </p>
      )}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table table--small" data-testid="undo-table">
            <caption className="table__caption table__caption--s">Your changes that can be undone, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">
                  <span className="visually-hidden">Undo</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((u, i) => (
                <tr key={u.id} data-testid="undo-row" data-id={u.id}>
                  <td className="audit-table__when">{formatDateTime(u.at)}</td>
                  <td>{u.label}</td>
                  <td>
                    {i === 0 ? (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => void undo(u.id)}
                        disabled={busy}
                        data-testid="undo-newest"
                      >
                        Undo<span className="visually-hidden"> {u.label}</span>
                      </button>
                    ) : (
                      <span className="hint">Undo the newer changes first</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
