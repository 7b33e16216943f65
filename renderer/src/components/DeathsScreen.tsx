import { useCallback, useEffect, useState } from 'react';
import type { DeathEntryView } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatDateTime, plural } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { NeedWorkspace } from './NeedWorkspace';

const STATUS = {
  unmatched: { label: 'Not decided', tag: 'tag--grey' },
  confirmed: { label: 'Confirmed', tag: 'tag--green' },
  not_found: { label: 'Not found', tag: 'tag--orange' },
} as const;

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(d.getTime()) ? dateFormat.format(d) : iso;
}

/** The deaths report: match each entry to the account of the person who died, or say there is none. */
export function DeathsScreen() {
  const { workspace, announce, navigate } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [entries, setEntries] = useState<DeathEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [other, setOther] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<Record<string, string>>({});

  const refresh = useCallback(async () => {
    try {
      setEntries(await api.call('deaths/list', {}));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    if (workspace) void refresh();
  }, [workspace, refresh]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const said = await work();
      setMessage(said);
      announce(said);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const decide = (entry: DeathEntryView, decision: 'confirm' | 'not_found', account?: string) =>
    act(async () => {
      const after = await api.call('deaths/decide', { ref: entry.entryId, decision, account });
      return after.status === 'confirmed'
        ? `Entry ${entry.reference} (${entry.names}) is confirmed as account ${after.account ?? ''}.`
        : `Entry ${entry.reference} (${entry.names}) is marked as not found.`;
    });

  const confirmAll = () =>
    act(async () => {
      const r = await api.call('deaths/confirmProposed', {});
      return `${plural(r.confirmed, 'proposal')} confirmed; ${plural(r.notFound, 'entry', 'entries')} without a proposal marked not found.`;
    });

  if (!workspace) {
    return (
      <section aria-labelledby="deaths-heading" data-testid="deaths-screen">
        <h1 className="heading-l" id="deaths-heading" ref={heading} tabIndex={-1}>
          Deaths
        </h1>
        <NeedWorkspace />
      </section>
    );
  }

  const undecided = entries?.filter((e) => e.status === 'unmatched').length ?? 0;

  return (
    <section aria-labelledby="deaths-heading" data-testid="deaths-screen">
      <h1 className="heading-l" id="deaths-heading" ref={heading} tabIndex={-1}>
        Deaths
      </h1>
      <p className="body">
        The people on the registration service’s report of deaths. For each one, confirm the account of the person who died, or say that
        no account was found. The app proposes an account where the name and address match one.
      </p>

      {error && (
        <div className="error-summary" role="alert" data-testid="deaths-error">
          <h2 className="error-summary__title">There is a problem</h2>
          <p>{error}</p>
        </div>
      )}
      {message && (
        <p className="body" role="status" data-testid="deaths-message">
          {message}
        </p>
      )}

      {entries === null && !error && <p className="body muted">Loading the deaths report…</p>}
      {entries && entries.length === 0 && (
        <p className="body" data-testid="deaths-empty">
          No deaths report has been imported into this workspace yet. Import it on the Import screen (PDF or text).
        </p>
      )}
      {entries && entries.length > 0 && (
        <>
          <p className="body" data-testid="deaths-count">
            {plural(entries.length, 'entry', 'entries')}, {plural(undecided, 'not decided yet', 'not decided yet')}.
          </p>
          <div className="button-group">
            <button type="button" className="button" onClick={() => void confirmAll()} disabled={busy || undecided === 0} data-testid="confirm-all">
              Confirm all proposals
            </button>
          </div>
          <p className="hint">
            “Confirm all proposals” confirms every proposed account and marks entries without a proposal as not found. For one entry you can
            confirm the proposal, choose another candidate, type another account number, or mark it not found. Every decision is recorded in
            the audit trail with your name, and can be changed later.
          </p>
          <div className="table-scroll">
            <table className="table table--small" data-testid="deaths-table">
              <caption className="table__caption table__caption--s">Entries in the deaths report</caption>
              <thead>
                <tr>
                  <th scope="col">Entry</th>
                  <th scope="col">Name of deceased</th>
                  <th scope="col">Date of death</th>
                  <th scope="col">Usual address</th>
                  <th scope="col">Proposed account</th>
                  <th scope="col">Status</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => {
                  const status = STATUS[e.status];
                  const typed = other[e.entryId] ?? '';
                  const otherId = `other-${e.entryId}`;
                  return (
                    <tr key={e.entryId} data-testid="death-row" data-entry={e.entryId} data-status={e.status}>
                      <td className="numeric">{e.reference}</td>
                      <td>{e.names}</td>
                      <td>{formatDate(e.dateOfDeath)}</td>
                      <td>{e.address}</td>
                      <td data-testid="death-proposed">
                        {e.proposedAccount ? (
                          <>
                            {e.proposedAccount}
                            {e.proposedName && <span className="findings-table__name">{e.proposedName}</span>}
                          </>
                        ) : (
                          <span className="muted">No proposal</span>
                        )}
                      </td>
                      <td>
                        <strong className={`tag ${status.tag}`} data-testid="death-status">
                          {status.label}
                        </strong>
                        {e.status === 'confirmed' && e.account && (
                          <span className="findings-table__name">
                            <button type="button" className="link-button" onClick={() => navigate('account', { account: e.account! })} data-testid={`death-account-${e.entryId}`}>
                              {e.account}
                              <span className="visually-hidden">: open the account</span>
                            </button>
                            {e.matchedName ? `, ${e.matchedName}` : ''}
                          </span>
                        )}
                        {e.decidedBy && (
                          <span className="findings-table__name">
                            by {e.decidedBy}
                            {e.decidedAt ? `, ${formatDateTime(e.decidedAt)}` : ''}
                          </span>
                        )}
                      </td>
                      <td>
                        <div className="button-group button-group--compact">
                          <button
                            type="button"
                            className="button button--small"
                            disabled={busy || !e.proposedAccount}
                            onClick={() => void decide(e, 'confirm', e.proposedAccount ?? undefined)}
                            data-testid={`confirm-${e.entryId}`}
                          >
                            Confirm proposed
                            <span className="visually-hidden"> account for entry {e.reference}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            disabled={busy}
                            onClick={() => void decide(e, 'not_found')}
                            data-testid={`notfound-${e.entryId}`}
                          >
                            Not found
                            <span className="visually-hidden"> for entry {e.reference}</span>
                          </button>
                        </div>
                        {e.candidates.length > 0 && (
                          <form
                            className="input-with-button input-with-button--compact"
                            onSubmit={(ev) => {
                              ev.preventDefault();
                              const chosen = picked[e.entryId] ?? e.candidates[0].account;
                              void decide(e, 'confirm', chosen);
                            }}
                          >
                            <label className="visually-hidden" htmlFor={`candidate-${e.entryId}`}>
                              Choose another candidate account for entry {e.reference}
                            </label>
                            <select
                              className="select select--candidate"
                              id={`candidate-${e.entryId}`}
                              value={picked[e.entryId] ?? e.candidates[0].account}
                              onChange={(ev) => setPicked((p) => ({ ...p, [e.entryId]: ev.target.value }))}
                              data-testid={`candidate-${e.entryId}`}
                            >
                              {e.candidates.map((c) => (
                                <option key={c.account} value={c.account}>
                                  {c.account} (score {c.score}
                                  {c.reasons.length > 0 ? `: ${c.reasons.join(', ')}` : ''})
                                </option>
                              ))}
                            </select>
                            <button type="submit" className="button button--secondary button--small" disabled={busy} data-testid={`confirm-candidate-${e.entryId}`}>
                              Use
                              <span className="visually-hidden"> the chosen candidate for entry {e.reference}</span>
                            </button>
                          </form>
                        )}
                        <form
                          className="input-with-button input-with-button--compact"
                          onSubmit={(ev) => {
                            ev.preventDefault();
                            if (typed.trim() !== '') void decide(e, 'confirm', typed.trim());
                          }}
                        >
                          <label className="visually-hidden" htmlFor={otherId}>
                            Other account number for entry {e.reference}
                          </label>
                          <input
                            className="input input--account"
                            id={otherId}
                            type="text"
                            inputMode="numeric"
                            placeholder="Other account"
                            spellCheck={false}
                            autoComplete="off"
                            maxLength={12}
                            value={typed}
                            onChange={(ev) => setOther((o) => ({ ...o, [e.entryId]: ev.target.value }))}
                            data-testid={`other-${e.entryId}`}
                          />
                          <button
                            type="submit"
                            className="button button--secondary button--small"
                            disabled={busy || typed.trim() === ''}
                            data-testid={`confirm-other-${e.entryId}`}
                          >
                            Use
                            <span className="visually-hidden"> this account for entry {e.reference}</span>
                          </button>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
