import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatDateTime } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ErrorSummary } from './ErrorSummary';

type Mode = 'create' | 'open';

export function WorkspaceScreen() {
  const { info, workspace, setWorkspace, announce, navigate } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [mode, setMode] = useState<Mode>('open');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<RecentWorkspace[] | null>(null);
  const [recentError, setRecentError] = useState<string | null>(null);

  const loadRecent = useCallback(() => {
    api
      .call('workspace/recent', {})
      .then((r) => {
        setRecent(r);
        setRecentError(null);
      })
      .catch((e: unknown) => setRecentError(errorMessage(e)));
  }, []);

  // Reload the recent list whenever the open workspace changes (here or elsewhere).
  useEffect(() => loadRecent(), [loadRecent, workspace?.id]);

  const opened = (ws: WorkspaceInfo, how: 'created' | 'opened') => {
    setWorkspace(ws);
    setError(null);
    announce(`Workspace “${ws.name}” ${how}.`);
    loadRecent();
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) {
      setError(mode === 'create' ? 'Enter where to create the workspace file.' : 'Enter the workspace file to open.');
      return;
    }
    setBusy(true);
    try {
      const ws = await api.call(mode === 'create' ? 'workspace/create' : 'workspace/open', { path: trimmed });
      opened(ws, mode === 'create' ? 'created' : 'opened');
      setPath('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    try {
      const picked = await api.call('workspace/pickLocation', { mode });
      if (picked) {
        setPath(picked);
        setError(null);
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const openRecent = async (r: RecentWorkspace) => {
    setBusy(true);
    try {
      opened(await api.call('workspace/open', { path: r.path }), 'opened');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    setBusy(true);
    try {
      await api.call('workspace/close', {});
      setWorkspace(null);
      announce('The workspace was closed.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="workspace-heading" data-testid="workspace-screen">
      <h1 className="heading-l" id="workspace-heading" ref={heading} tabIndex={-1}>
        Workspace
      </h1>
      <p className="body-lead">
        A workspace is one file on this computer that holds everything you import, check and export.
      </p>

      <ErrorSummary errors={error ? [{ message: error, href: 'workspace-path' }] : []} focus />

      <h2 className="heading-m">Open workspace</h2>
      {workspace ? (
        <div data-testid="current-workspace">
          <dl className="summary-list">
            <div className="summary-list__row">
              <dt className="summary-list__key">Name</dt>
              <dd className="summary-list__value">{workspace.name}</dd>
            </div>
            <div className="summary-list__row">
              <dt className="summary-list__key">File</dt>
              <dd className="summary-list__value break-all">{workspace.path}</dd>
            </div>
            <div className="summary-list__row">
              <dt className="summary-list__key">Created</dt>
              <dd className="summary-list__value">{formatDateTime(workspace.createdAt)}</dd>
            </div>
          </dl>
          <div className="button-group">
            <button type="button" className="button" onClick={() => navigate('import')}>
              Import a file
            </button>
            <button type="button" className="button button--secondary" onClick={close} disabled={busy}>
              Close workspace
            </button>
          </div>
        </div>
      ) : (
        <div className="inset" data-testid="current-workspace">
          No workspace is open. Create a new one or open an existing one below.
        </div>
      )}

      <h2 className="heading-m">{workspace ? 'Open a different workspace' : 'Create or open a workspace'}</h2>
      <form onSubmit={submit} noValidate data-testid="workspace-form">
        <div className="form-group">
          <fieldset className="fieldset">
            <legend className="fieldset__legend">What do you want to do?</legend>
            <div className="radios radios--inline">
              <div className="radios__item">
                <input
                  className="radios__input"
                  type="radio"
                  id="workspace-mode-open"
                  name="workspace-mode"
                  checked={mode === 'open'}
                  onChange={() => setMode('open')}
                />
                <label className="radios__label" htmlFor="workspace-mode-open">
                  Open an existing workspace
                </label>
              </div>
              <div className="radios__item">
                <input
                  className="radios__input"
                  type="radio"
                  id="workspace-mode-create"
                  name="workspace-mode"
                  checked={mode === 'create'}
                  onChange={() => setMode('create')}
                />
                <label className="radios__label" htmlFor="workspace-mode-create">
                  Create a new workspace
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <div className={`form-group${error ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="workspace-path">
            Workspace file
          </label>
          <div className="hint" id="workspace-path-hint">
            The full location of the file, for example C:\Billing\october-2020.ctbw
          </div>
          {error && (
            <p className="error-message" id="workspace-path-error">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          )}
          <div className="input-with-button">
            <input
              className={`input${error ? ' input--error' : ''}`}
              id="workspace-path"
              name="workspace-path"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={path}
              aria-describedby={`workspace-path-hint${error ? ' workspace-path-error' : ''}`}
              onChange={(e) => setPath(e.target.value)}
              data-testid="workspace-path"
            />
            {info?.canPickFiles && (
              <button type="button" className="button button--secondary" onClick={choose} disabled={busy}>
                Choose…
              </button>
            )}
          </div>
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="workspace-submit">
          {mode === 'create' ? 'Create workspace' : 'Open workspace'}
        </button>
      </form>

      <h2 className="heading-m">Recent workspaces</h2>
      {recentError && <p className="error-message">{recentError}</p>}
      {recent === null && !recentError && <p className="body">Loading…</p>}
      {recent !== null && recent.length === 0 && <p className="body">You have not opened any workspaces yet.</p>}
      {recent !== null && recent.length > 0 && (
        <table className="table" data-testid="recent-workspaces">
          <caption className="visually-hidden">Recently opened workspaces, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">File</th>
              <th scope="col">Last opened</th>
              <th scope="col">
                <span className="visually-hidden">Status</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {recent.map((r) => {
              const isOpen = workspace?.path === r.path;
              return (
                <tr key={r.path}>
                  <td>
                    {r.exists && !isOpen ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => openRecent(r)}
                        disabled={busy}
                        aria-label={`Open ${r.name}`}
                      >
                        {r.name}
                      </button>
                    ) : (
                      r.name
                    )}
                  </td>
                  <td className="break-all">{r.path}</td>
                  <td>{formatDateTime(r.openedAt)}</td>
                  <td>
                    {isOpen && <strong className="tag tag--green">Open now</strong>}
                    {!r.exists && <strong className="tag tag--grey">Missing</strong>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
