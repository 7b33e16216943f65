import { useCallback, useEffect, useState } from 'react';
import type { ReconcileCodeView, ReconcileView } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatCount, plural, severityLabel } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { NoteField } from './findings/NoteField';
import { SEVERITY_CLASS, STATE_CLASS, STATE_LABEL } from './findings/reviewLabels';
import { NeedWorkspace } from './NeedWorkspace';
import { Pagination } from './Pagination';

const PAGE = 100;

/** The cross-source checks: one check at a time, each finding with every source's values side by side. */
export function ReconciliationScreen() {
  const { workspace } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  return (
    <section aria-labelledby="checks-heading" data-testid="checks-screen">
      <h1 className="heading-l" id="checks-heading" ref={heading} tabIndex={-1}>
        Cross-source checks
      </h1>
      {workspace ? <Checks /> : <NeedWorkspace />}
    </section>
  );
}

function Checks() {
  const { params } = useApp();
  const [codes, setCodes] = useState<ReconcileCodeView[] | null>(null);
  const [code, setCode] = useState<string | null>(params.code ?? null);
  const [error, setError] = useState<string | null>(null);

  const loadCodes = useCallback(async () => {
    try {
      const list = await api.call('reconcile/codes', {});
      setCodes(list);
      setCode((c) => c ?? list.find((x) => x.open > 0)?.code ?? list.find((x) => x.count > 0)?.code ?? list[0]?.code ?? null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void loadCodes();
  }, [loadCodes]);

  useEffect(() => {
    if (params.code) setCode(params.code);
  }, [params.code]);

  if (error) {
    return (
      <div className="error-summary" role="alert">
        <h2 className="error-summary__title">The checks could not be shown</h2>
        <p>{error}</p>
      </div>
    );
  }
  if (!codes) return <p className="body muted">Loading the checks…</p>;

  return (
    <>
      <p className="body">
        The checks compare the files with each other after every import. Choose a check to see, for each finding, what each file says side by
        side. Mark a finding reviewed, with a note, once you have looked at it.
      </p>
      <div className="form-group">
        <label className="label" htmlFor="check-code">
          Check
        </label>
        <select className="select select--wide" id="check-code" value={code ?? ''} onChange={(e) => setCode(e.target.value)} data-testid="check-code">
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.title} ({c.code}): {formatCount(c.count)}
              {c.code === 'RETURNED_DD' ? '' : `, ${formatCount(c.open)} open`}
            </option>
          ))}
        </select>
      </div>
      <table className="table table--small checks-overview" data-testid="checks-overview">
        <caption className="table__caption table__caption--s">Every check</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" className="numeric">Found</th>
            <th scope="col" className="numeric">Still open</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((c) => (
            <tr key={c.code} data-testid="check-overview-row" data-code={c.code}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => setCode(c.code)} aria-current={c.code === code ? 'true' : undefined}>
                  {c.title}
                </button>
                <span className="findings-table__name">{c.code}</span>
              </th>
              <td className="numeric">{formatCount(c.count)}</td>
              <td className="numeric">{c.code === 'RETURNED_DD' ? 'not a finding' : formatCount(c.open)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {code && <CheckView key={code} code={code} onChanged={() => void loadCodes()} />}
    </>
  );
}

function CheckView({ code, onChanged }: { code: string; onChanged(): void }) {
  const { navigate, announce } = useApp();
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<ReconcileView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setView(await api.call('reconcile/view', { code, offset, limit: PAGE }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [code, offset]);

  useEffect(() => {
    void load();
  }, [load]);

  const setState = async (state: 'reviewed' | 'open') => {
    setMessage(null);
    if (selected.size === 0) {
      setNoteError(null);
      setError('Select at least one finding first.');
      return;
    }
    if (state === 'reviewed' && note.trim() === '') {
      setNoteError('Enter a note saying what you checked');
      document.getElementById('check-note')?.focus();
      return;
    }
    setNoteError(null);
    setBusy(true);
    try {
      const r = await api.call('review/setState', { ids: [...selected], state, note });
      const said = state === 'reviewed' ? `${plural(r.updated, 'finding')} marked reviewed.` : `${plural(r.updated, 'finding')} opened again.`;
      setMessage(said);
      announce(said);
      setSelected(new Set());
      setNote('');
      setError(null);
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!view) return error ? <p className="error-message" role="alert">{error}</p> : <p className="body muted">Loading…</p>;

  const reviewable = view.rows.some((r) => r.findingId !== null);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allOnPage = view.rows.filter((r) => r.findingId !== null).map((r) => r.findingId!);
  const allSelected = allOnPage.length > 0 && allOnPage.every((id) => selected.has(id));

  return (
    <section className="check-view" aria-labelledby="check-title" data-testid="check-view" data-code={view.code}>
      <h2 className="heading-m" id="check-title">
        {view.title}
      </h2>
      <p className="body">{view.description}</p>
      {view.total === 0 ? (
        <p className="body" data-testid="check-empty">
          Nothing found: the files agree on this check.
        </p>
      ) : (
        <>
          {reviewable && (
            <div className="check-view__actions">
              <NoteField id="check-note" label="Note" hint="Say what you checked. It is kept with the finding and in the audit trail." value={note} onChange={setNote} error={noteError} testId="check-note" disabled={busy} />
              <div className="button-group">
                <button type="button" className="button" onClick={() => void setState('reviewed')} disabled={busy} data-testid="check-mark-reviewed">
                  Mark selected as reviewed
                </button>
                <button type="button" className="button button--secondary" onClick={() => void setState('open')} disabled={busy} data-testid="check-reopen">
                  Open selected again
                </button>
              </div>
            </div>
          )}
          {message && (
            <p className="body" role="status" data-testid="check-message">
              {message}
            </p>
          )}
          {error && (
            <p className="error-message" role="alert" data-testid="check-error">
              {error}
            </p>
          )}
          <div className="table-scroll">
            <table className="table table--small side-by-side" data-testid="check-table">
              <caption className="table__caption table__caption--s">
                {view.title}: {plural(view.total, 'row')}
                {view.total > PAGE ? `, ${formatCount(offset + 1)} to ${formatCount(Math.min(offset + PAGE, view.total))} shown` : ''}
              </caption>
              <thead>
                <tr>
                  {reviewable && (
                    <th scope="col">
                      <div className="checkboxes__item checkboxes__item--small">
                        <input
                          className="checkboxes__input"
                          type="checkbox"
                          id="check-select-all"
                          checked={allSelected}
                          onChange={() => setSelected(allSelected ? new Set() : new Set(allOnPage))}
                        />
                        <label className="checkboxes__label" htmlFor="check-select-all">
                          <span className="visually-hidden">Select every finding on this page</span>
                        </label>
                      </div>
                    </th>
                  )}
                  {view.columns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                  <th scope="col">Finding</th>
                  {reviewable && <th scope="col">State</th>}
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r, i) => (
                  <tr key={r.findingId ?? `${r.account ?? ''}-${i}`} data-testid="check-row" data-finding={r.findingId ?? ''} data-account={r.account ?? ''}>
                    {reviewable && (
                      <td>
                        {r.findingId && (
                          <div className="checkboxes__item checkboxes__item--small">
                            <input
                              className="checkboxes__input"
                              type="checkbox"
                              id={`select-${r.findingId}`}
                              checked={selected.has(r.findingId)}
                              onChange={() => toggle(r.findingId!)}
                              data-testid={`select-${r.findingId}`}
                            />
                            <label className="checkboxes__label" htmlFor={`select-${r.findingId}`}>
                              <span className="visually-hidden">Select finding {r.findingId}</span>
                            </label>
                          </div>
                        )}
                      </td>
                    )}
                    {r.values.map((v, j) =>
                      j === 0 && r.account && v === r.account ? (
                        <td key={j}>
                          <button type="button" className="link-button" onClick={() => navigate('account', { account: r.account! })} data-testid="check-account-link">
                            {v}
                            <span className="visually-hidden">: open the account</span>
                          </button>
                        </td>
                      ) : (
                        <td key={j}>{v}</td>
                      ),
                    )}
                    <td className="side-by-side__message">
                      <strong className={`tag ${SEVERITY_CLASS[r.severity]}`}>{severityLabel(r.severity)}</strong> {r.message}
                      {r.account && r.values[0] !== r.account && (
                        <button type="button" className="link-button" onClick={() => navigate('account', { account: r.account! })}>
                          Open account {r.account}
                        </button>
                      )}
                    </td>
                    {reviewable && <td>{r.state && <strong className={`tag ${STATE_CLASS[r.state]}`}>{STATE_LABEL[r.state]}</strong>}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination offset={offset} pageSize={PAGE} total={view.total} onChange={setOffset} label={`Pages of ${view.title}`} />
        </>
      )}
    </section>
  );
}
