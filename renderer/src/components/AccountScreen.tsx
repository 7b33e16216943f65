import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountSummary, AccountView } from '../../../shared/api/contract';
import { formatMoneyForDisplay } from '../../../shared/values/money';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatDateTime, plural, severityLabel } from '../lib/format';
import { isImportableSource } from '../lib/sources';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { NoteField } from './findings/NoteField';
import { SEVERITY_CLASS, STATE_CLASS, STATE_LABEL } from './findings/reviewLabels';
import { NeedWorkspace } from './NeedWorkspace';
import { ErrorMessage } from './Fields';

/** One account across every source: search, details, findings, rows, profile or reasons, override, history. */
export function AccountScreen() {
  const { workspace, params } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  return (
    <section aria-labelledby="account-heading" data-testid="account-screen">
      <h1 className="heading-l" id="account-heading" ref={heading} tabIndex={-1}>
        Accounts
      </h1>
      {workspace ? <Accounts initial={params.account ?? null} /> : <NeedWorkspace />}
    </section>
  );
}

function Accounts({ initial }: { initial: string | null }) {
  const [text, setText] = useState(initial ?? '');
  const [results, setResults] = useState<AccountSummary[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [account, setAccount] = useState<string | null>(initial);

  useEffect(() => {
    setAccount(initial);
    if (initial) setText(initial);
  }, [initial]);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (t === '') {
      setSearchError('Enter an account number, a surname or a postcode.');
      return;
    }
    setSearchError(null);
    try {
      const found = await api.call('accounts/search', { text: t });
      setResults(found);
      if (found.length === 1) setAccount(found[0].account);
    } catch (err) {
      setSearchError(errorMessage(err));
    }
  };

  return (
    <>
      <form className="account-search" onSubmit={(e) => void search(e)} role="search" noValidate>
        <div className={`form-group${searchError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="account-search">
            Find an account
          </label>
          <div className="hint" id="account-search-hint">
            Account number (or its first digits), the lead liable surname, or a postcode.
          </div>
          {searchError && <ErrorMessage id="account-search-error" testId="account-search-error" alert={false}>{searchError}</ErrorMessage>}
          <div className="input-with-button">
            <input
              className={`input${searchError ? ' input--error' : ''}`}
              id="account-search"
              type="search"
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={`account-search-hint${searchError ? ' account-search-error' : ''}`}
              data-testid="account-search"
            />
            <button type="submit" className="button" data-testid="account-search-button">
              Search
            </button>
          </div>
        </div>
      </form>

      {results && (
        <div data-testid="account-results">
          {results.length === 0 ? (
            <p className="body">No account matches “{text.trim()}”.</p>
          ) : (
            <div className="table-scroll">
              <table className="table table--small">
                <caption className="table__caption table__caption--s">
                  {plural(results.length, 'account')} found{results.length === 20 ? ' (the first 20)' : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Name</th>
                    <th scope="col">Address</th>
                    <th scope="col">Postcode</th>
                    <th scope="col">Band</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.account} data-testid="account-result">
                      <td>
                        <button type="button" className="link-button" onClick={() => setAccount(r.account)} aria-current={account === r.account ? 'true' : undefined}>
                          {r.account}
                        </button>
                      </td>
                      <td>{r.name}</td>
                      <td>{r.address}</td>
                      <td>{r.postcode}</td>
                      <td>{r.band}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}

      {account && <AccountDetails key={account} account={account} />}
    </>
  );
}

function AccountDetails({ account }: { account: string }) {
  const { navigate } = useApp();
  const [view, setView] = useState<AccountView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnShow<HTMLHeadingElement>(view !== null, view?.account);

  const load = useCallback(async () => {
    try {
      setView(await api.call('accounts/get', { account }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [account]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <div className="error-summary" role="alert" data-testid="account-error">
        <h2 className="error-summary__title">There is a problem</h2>
        <p>{error}</p>
      </div>
    );
  }
  if (!view) return <p className="body muted">Loading account {account}…</p>;

  const withRows = view.sources.filter((s) => s.rows.length > 0);
  const withoutRows = view.sources.filter((s) => s.rows.length === 0);
  const c = view.classification;

  return (
    <article className="account" data-testid="account-details" data-account={view.account} aria-labelledby="account-title">
      <h2 className="heading-m" id="account-title" ref={heading} tabIndex={-1}>
        Account {view.account}
        {view.summary?.name ? `: ${view.summary.name}` : ''}
      </h2>

      <dl className="summary-list summary-list--compact">
        <div className="summary-list__row">
          <dt className="summary-list__key">In the accounts file</dt>
          <dd className="summary-list__value">{view.summary ? (view.inAccounts ? 'Yes' : 'Yes, but its row is flagged or excluded') : 'No'}</dd>
        </div>
        {view.summary && (
          <>
            <div className="summary-list__row">
              <dt className="summary-list__key">Property address</dt>
              <dd className="summary-list__value">{[view.summary.address, view.summary.postcode].filter(Boolean).join(', ') || 'None'}</dd>
            </div>
            <div className="summary-list__row">
              <dt className="summary-list__key">Band</dt>
              <dd className="summary-list__value" data-testid="account-band">
                {view.bandAfterUpdate && view.bandAfterUpdate !== view.summary.band
                  ? `${view.bandAfterUpdate} after the Valuation Office update (${view.summary.band || 'none'} in the accounts file)`
                  : view.summary.band || 'None'}
              </dd>
            </div>
          </>
        )}
        <div className="summary-list__row" data-testid="account-classification" data-kind={c.kind}>
          <dt className="summary-list__key">If the bills were run now</dt>
          <dd className="summary-list__value">
            {c.kind === 'profile' && (
              <>
                Bill with profile <strong>{c.profile}</strong> ({c.label}), template {c.template}
                {c.forced ? ', forced by an officer' : ''}.
              </>
            )}
            {c.kind === 'excluded' && (
              <>
                Excluded, because:
                <ul className="list list--bullet" data-testid="account-reasons">
                  {c.reasons.map((r) => (
                    <li key={r.code}>
                      <strong>{r.code}</strong>: {r.text}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {c.kind === 'not_billable' && c.why}
          </dd>
        </div>
      </dl>

      {view.summary && <OverridePanel view={view} onChanged={() => void load()} />}

      <h3 className="heading-s">Findings</h3>
      {view.findings.length === 0 ? (
        <p className="body">No findings are about this account.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--small" data-testid="account-findings">
            <caption className="visually-hidden">Findings about account {view.account}</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">What was found</th>
                <th scope="col">State</th>
                <th scope="col">See</th>
              </tr>
            </thead>
            <tbody>
              {view.findings.map((f) => (
                <tr key={f.id} data-testid="account-finding" data-rule={f.rule}>
                  <td>{f.rule}</td>
                  <td>
                    <strong className={`tag ${SEVERITY_CLASS[f.severity]}`}>{severityLabel(f.severity)}</strong>
                  </td>
                  <td>{f.message}</td>
                  <td>
                    <strong className={`tag ${STATE_CLASS[f.state]}`}>{STATE_LABEL[f.state]}</strong>
                    {f.stateNote && <span className="findings-table__name">{f.stateNote}</span>}
                  </td>
                  <td>
                    {f.kind === 'reconciliation' ? (
                      <button type="button" className="link-button" onClick={() => navigate('reconcile', { code: f.rule })}>
                        Side by side<span className="visually-hidden"> ({f.rule})</span>
                      </button>
                    ) : f.rowId !== null && isImportableSource(f.source) ? (
                      <button type="button" className="link-button" onClick={() => navigate('rows', { source: f.source, rowIds: [f.rowId!] })}>
                        The row<span className="visually-hidden"> of {f.rule}</span>
                      </button>
                    ) : (
                      <button type="button" className="link-button" onClick={() => navigate('findings', { account: view.account })}>
                        Findings
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="heading-s">Rows in each file</h3>
      {withRows.map((s) => (
        <SourceRows key={s.source} source={s} />
      ))}
      {withoutRows.length > 0 && (
        <p className="body" data-testid="account-no-rows">
          No rows in: {withoutRows.map((s) => s.label).join(', ')}.{' '}
          {withoutRows.map((s) => s.note).filter(Boolean).join(' ')}
        </p>
      )}

      <h3 className="heading-s">Derived updates</h3>
      {view.derivedChanges.length === 0 ? (
        <p className="body">The derived updates changed nothing for this account.</p>
      ) : (
        <table className="table table--small" data-testid="account-derived">
          <caption className="visually-hidden">Changes the derived updates made</caption>
          <thead>
            <tr>
              <th scope="col">Update</th>
              <th scope="col">Column</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {view.derivedChanges.map((d, i) => (
              <tr key={i}>
                <td>{UPDATE_LABELS[d.update] ?? `Update ${d.update}`}</td>
                <td className="code">{d.column}</td>
                <td>{d.before ?? 'empty'}</td>
                <td>{d.after ?? 'empty'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="heading-s">Bills in earlier runs</h3>
      {view.bills.length === 0 ? (
        <p className="body">No bill run has billed this account.</p>
      ) : (
        <table className="table table--small" data-testid="account-bills">
          <caption className="visually-hidden">Bills of this account in earlier runs</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Profile</th>
              <th scope="col" className="numeric">Bill number</th>
              <th scope="col" className="numeric">Gross</th>
              <th scope="col" className="numeric">Net</th>
            </tr>
          </thead>
          <tbody>
            {view.bills.map((b) => (
              <tr key={b.runNumber}>
                <td>
                  Run {b.runNumber}, {formatDateTime(b.runAt)}
                </td>
                <td>{b.runStatus}</td>
                <td>{b.profile}</td>
                <td className="numeric">{b.billNumber}</td>
                <td className="numeric">{formatMoneyForDisplay(b.gross)}</td>
                <td className="numeric">{formatMoneyForDisplay(b.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="heading-s">History</h3>
      {view.history.length === 0 ? (
        <p className="body">No officer has changed anything about this account.</p>
      ) : (
        <table className="table table--small" data-testid="account-history">
          <caption className="visually-hidden">What officers did to this account, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={h.id}>
                <td>{formatDateTime(h.at)}</td>
                <td>{h.actor}</td>
                <td>{ACTION_LABELS[h.action] ?? h.action}</td>
                <td>{h.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

const UPDATE_LABELS: Record<number, string> = {
  1: 'Valuation Office band',
  2: 'Payment method',
  3: 'Direct-debit amounts',
  4: 'Cash payments total',
  5: 'Account facts',
};

const ACTION_LABELS: Record<string, string> = {
  'overrides/set': 'Override set',
  'overrides/remove': 'Override removed',
  'death.confirm': 'Death confirmed to this account',
  'death.not_found': 'Death entry marked not found',
  'finding.review': 'Finding marked reviewed',
  'finding.reopen': 'Finding opened again',
  'row.edit': 'Value corrected',
  'row.exclude': 'Row excluded',
  'row.include': 'Row included again',
};

/** Few rows: one column per row, the fields down the side (easy to compare); many rows: a normal table. */
function SourceRows({ source }: { source: AccountView['sources'][number] }) {
  const { navigate } = useApp();
  const transposed = source.rows.length <= 3;
  const used = source.columns.map((_, i) => source.rows.some((r) => r.values[i] !== ''));
  const columns = source.columns.map((col, i) => ({ col, i })).filter(({ i }) => used[i]);
  const hidden = source.columns.length - columns.length;
  const rowLabel = (r: (typeof source.rows)[number]) => `Line ${r.line}${r.flagged ? ' (flagged)' : ''}${r.duplicate ? ' (repeat)' : ''}`;
  return (
    <div className="account-source" data-testid="account-source" data-source={source.source}>
      <div className="table-scroll">
        <table className={`table table--small${transposed ? ' account-source__transposed' : ''}`}>
          <caption className="table__caption table__caption--s">
            {source.label}: {plural(source.rows.length, 'row')}
          </caption>
          {transposed ? (
            <>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  {source.rows.map((r) => (
                    <th scope="col" key={r.rowId}>
                      {rowLabel(r)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {columns.map(({ col, i }) => (
                  <tr key={col.name}>
                    <th scope="row">{col.label}</th>
                    {source.rows.map((r) => (
                      <td key={r.rowId}>{r.values[i]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </>
          ) : (
            <>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {columns.map(({ col }) => (
                    <th scope="col" key={col.name}>
                      {col.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {source.rows.map((r) => (
                  <tr key={r.rowId}>
                    <th scope="row">{rowLabel(r)}</th>
                    {columns.map(({ col, i }) => (
                      <td key={col.name} className={col.type === 'money' ? 'numeric' : undefined}>
                        {r.values[i]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </>
          )}
        </table>
      </div>
      {(source.note || hidden > 0) && (
        <p className="hint">
          {source.note} {hidden > 0 ? `${plural(hidden, 'empty column')} not shown.` : ''}
        </p>
      )}
      <button
        type="button"
        className="link-button"
        onClick={() => navigate('rows', { source: source.source, rowIds: source.rows.map((r) => r.rowId) })}
        data-testid={`account-rows-link-${source.source}`}
      >
        Show {source.rows.length === 1 ? 'this row' : 'these rows'} in Staged rows<span className="visually-hidden"> ({source.label})</span>
      </button>
    </div>
  );
}

type OverrideChoice = 'force_profile' | 'exclude' | 'remove';

function OverridePanel({ view, onChanged }: { view: AccountView; onChanged(): void }) {
  const { announce } = useApp();
  const current = view.override;
  const [choice, setChoice] = useState<OverrideChoice>(current ? 'remove' : 'force_profile');
  const [profile, setProfile] = useState(current?.profile ?? view.profiles[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setError(null);
    if (note.trim() === '') {
      setNoteError(choice === 'remove' ? 'Enter a note saying why the override is removed' : 'Enter a note saying why');
      document.getElementById('override-note')?.focus();
      return;
    }
    setNoteError(null);
    setBusy(true);
    try {
      let said: string;
      if (choice === 'force_profile') {
        await api.call('overrides/set', { account: view.account, action: 'force_profile', profile, note });
        said = `Account ${view.account} is forced to profile ${profile}.`;
      } else if (choice === 'exclude') {
        await api.call('overrides/set', { account: view.account, action: 'exclude', note });
        said = `Account ${view.account} is excluded from the bills.`;
      } else {
        await api.call('overrides/remove', { account: view.account, note });
        said = `The override of account ${view.account} was removed.`;
        setChoice('force_profile');
      }
      setNote('');
      setMessage(said);
      announce(said);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="override panel-box" aria-labelledby="override-heading" data-testid="override-panel">
      <h3 className="heading-s" id="override-heading">
        Override
      </h3>
      <p className="body" data-testid="override-current">
        {current
          ? current.action === 'force_profile'
            ? `Forced to profile ${current.profile ?? ''} by ${current.createdBy} on ${formatDateTime(current.createdAt)}: “${current.note}”`
            : `Excluded from the bills by ${current.createdBy} on ${formatDateTime(current.createdAt)}: “${current.note}”`
          : 'No override: the billing rules decide.'}
      </p>
      {noteError && (
        <div className="error-summary" role="alert" data-testid="override-error-summary">
          <h4 className="error-summary__title">There is a problem</h4>
          <ul className="error-summary__list">
            <li>
              <a href="#override-note">{noteError}</a>
            </li>
          </ul>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">What do you want to do?</legend>
          <div className="radios">
            <div className="radios__item">
              <input className="radios__input" id="override-force" type="radio" name="override" value="force_profile" checked={choice === 'force_profile'} onChange={() => setChoice('force_profile')} data-testid="override-force" />
              <label className="radios__label" htmlFor="override-force">
                Force a profile
              </label>
            </div>
            {choice === 'force_profile' && (
              <div className="radios__conditional form-group">
                <label className="label" htmlFor="override-profile">
                  Profile
                </label>
                <select className="select select--wide" id="override-profile" value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="override-profile">
                  {view.profiles.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.id}: {p.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="radios__item">
              <input className="radios__input" id="override-exclude" type="radio" name="override" value="exclude" checked={choice === 'exclude'} onChange={() => setChoice('exclude')} data-testid="override-exclude" />
              <label className="radios__label" htmlFor="override-exclude">
                Exclude from bills
              </label>
            </div>
            {current && (
              <div className="radios__item">
                <input className="radios__input" id="override-remove" type="radio" name="override" value="remove" checked={choice === 'remove'} onChange={() => setChoice('remove')} data-testid="override-remove" />
                <label className="radios__label" htmlFor="override-remove">
                  Remove override
                </label>
              </div>
            )}
          </div>
        </fieldset>
        <NoteField
          id="override-note"
          label="Note"
          hint="Say why. The note is kept in the audit trail with your name."
          value={note}
          onChange={setNote}
          error={noteError}
          testId="override-note"
          rows={3}
          disabled={busy}
        />
        <button type="submit" className="button" disabled={busy} data-testid="override-save">
          {choice === 'remove' ? 'Remove the override' : 'Save the override'}
        </button>
      </form>
      {message && (
        <p className="body" role="status" data-testid="override-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error-message" role="alert" data-testid="override-server-error">
          {error}
        </p>
      )}
    </section>
  );
}
