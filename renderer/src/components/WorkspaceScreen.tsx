import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../shared/api/contract';
import type { FileRef } from '../../../shared/api/contract';
import { api, downloadFromApp, errorMessage, uploadFile } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatBytes, formatDateTime } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ErrorSummary } from './ErrorSummary';
import { ErrorMessage } from './Fields';

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
  // Backup and restore ("hand-over"): their own messages, so they never hide the form's.
  const [backupMessage, setBackupMessage] = useState<string | null>(null);
  const [backupError, setBackupError] = useState<string | null>(null);
  const [backupFile, setBackupFile] = useState<FileRef | null>(null);
  const [restorePath, setRestorePath] = useState('');
  const [restoreError, setRestoreError] = useState<{ message: string; field: 'restore-file' | 'restore-path' } | null>(null);
  // The desktop app opens its own dialogs; a browser uses a file input and uploads.
  const nativePicker = info ? info.canPickFiles : !api.isBrowserMode;

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

  const opened = (ws: WorkspaceInfo, how: 'created' | 'opened' | 'restored') => {
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

  const backUp = async () => {
    setBusy(true);
    setBackupError(null);
    setBackupMessage(null);
    announce('Backing up the workspace…');
    try {
      const r = await api.call('workspace/backup', {});
      if (r.downloadUrl) {
        if (!downloadFromApp(r.downloadUrl)) throw new Error('The download could not start. Reload the page and try again.');
        setBackupMessage(`The backup ${r.fileName} is downloading. Your browser saves it in its downloads folder.`);
        announce(`The backup ${r.fileName} is downloading.`);
      } else if (r.savedTo) {
        setBackupMessage(`The backup was checked and saved to ${r.savedTo}`);
        announce('The backup was saved.');
      } else {
        setBackupMessage('The backup was not saved.');
        announce('The backup was not saved.');
      }
    } catch (e) {
      setBackupError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const chooseBackup = async () => {
    setRestoreError(null);
    try {
      const ref = await api.call('files/pick', { title: 'Choose the workspace backup', kind: 'backup' });
      if (ref) setBackupFile(ref);
    } catch (e) {
      setRestoreError({ message: errorMessage(e), field: 'restore-file' });
    }
  };

  const uploadBackup = async (f: File) => {
    setRestoreError(null);
    setBusy(true);
    try {
      setBackupFile(await uploadFile(f));
    } catch (e) {
      setBackupFile(null);
      setRestoreError({ message: errorMessage(e), field: 'restore-file' });
    } finally {
      setBusy(false);
    }
  };

  const chooseRestoreLocation = async () => {
    try {
      const picked = await api.call('workspace/pickLocation', { mode: 'create' });
      if (picked) {
        setRestorePath(picked);
        setRestoreError(null);
      }
    } catch (e) {
      setRestoreError({ message: errorMessage(e), field: 'restore-path' });
    }
  };

  const restore = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!backupFile) {
      setRestoreError({ message: 'Choose the backup file to open.', field: 'restore-file' });
      return;
    }
    const target = restorePath.trim();
    if (!target) {
      setRestoreError({ message: 'Enter where to put the restored workspace.', field: 'restore-path' });
      return;
    }
    setBusy(true);
    setRestoreError(null);
    announce(`Checking and restoring ${backupFile.name}…`);
    try {
      const ws = await api.call('workspace/restore', { file: backupFile.token, path: target });
      opened(ws, 'restored');
      setBackupFile(null);
      setRestorePath('');
    } catch (e) {
      const message = errorMessage(e);
      // Problems with the target name the location field; anything else is about the backup.
      setRestoreError({ message, field: /already exists|new location|could not be (created|written) at/i.test(message) ? 'restore-path' : 'restore-file' });
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

      {workspace && (
        <div data-testid="backup-section">
          <h2 className="heading-m">Back up this workspace</h2>
          <p className="body">
            A backup is one file holding everything in this workspace: imports, findings, your changes, bill runs and the
            audit trail. Use it to keep a copy somewhere safe, or to carry on the work on another computer with
            “Open a backup” below. The backup is checked before it is saved.
          </p>
          <ErrorSummary errors={backupError ? [{ message: backupError }] : []} focus testId="backup-error" />
          {backupMessage && (
            <div className="panel panel--success panel--compact" data-testid="backup-message">
              <p className="panel__body break-all">{backupMessage}</p>
            </div>
          )}
          <button type="button" className="button button--secondary" onClick={backUp} disabled={busy} data-testid="backup-button">
            Back up this workspace
          </button>
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
          {error && <ErrorMessage id="workspace-path-error" alert={false}>{error}</ErrorMessage>}
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

      <h2 className="heading-m">Open a backup</h2>
      <p className="body">
        Restoring copies the backup to a new workspace file and opens it. The backup itself is not changed, and no
        existing file is ever replaced.
      </p>
      <ErrorSummary
        errors={restoreError ? [{ message: restoreError.message, href: restoreError.field === 'restore-path' ? 'restore-path' : nativePicker ? undefined : 'restore-file' }] : []}
        focus
        testId="restore-error"
      />
      <form onSubmit={restore} noValidate data-testid="restore-form">
        <div className={`form-group${restoreError?.field === 'restore-file' ? ' form-group--error' : ''}`}>
          {nativePicker ? (
            <>
              <h3 className="label" id="restore-file-label">
                Backup file
              </h3>
              <div className="hint" id="restore-file-hint">
                A file ending .ctbbackup. The backup is checked before anything is copied.
              </div>
              {restoreError?.field === 'restore-file' && <ErrorMessage id="restore-file-error" alert={false}>{restoreError.message}</ErrorMessage>}
              <button type="button" className="button button--secondary" onClick={chooseBackup} disabled={busy} aria-describedby="restore-file-hint">
                {backupFile ? 'Choose a different backup…' : 'Choose the backup…'}
              </button>
            </>
          ) : (
            <>
              <label className="label" htmlFor="restore-file">
                Backup file
              </label>
              <div className="hint" id="restore-file-hint">
                A file ending .ctbbackup. The backup is checked before anything is copied.
              </div>
              {restoreError?.field === 'restore-file' && <ErrorMessage id="restore-file-error" alert={false}>{restoreError.message}</ErrorMessage>}
              <input
                className="file-upload"
                id="restore-file"
                type="file"
                accept=".ctbbackup,.ctbw"
                data-testid="restore-file"
                aria-describedby={`restore-file-hint${restoreError?.field === 'restore-file' ? ' restore-file-error' : ''}`}
                disabled={busy}
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void uploadBackup(f);
                }}
              />
            </>
          )}
          {backupFile && (
            <p className="body" data-testid="restore-chosen">
              Chosen: <strong className="break-all">{backupFile.name}</strong> ({formatBytes(backupFile.size)})
            </p>
          )}
        </div>
        <div className={`form-group${restoreError?.field === 'restore-path' ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="restore-path">
            Where to put the restored workspace
          </label>
          <div className="hint" id="restore-path-hint">
            The full location of the new workspace file, for example C:\Billing\north-ward.ctbw. It must not exist yet.
          </div>
          {restoreError?.field === 'restore-path' && <ErrorMessage id="restore-path-error" alert={false}>{restoreError.message}</ErrorMessage>}
          <div className="input-with-button">
            <input
              className={`input${restoreError?.field === 'restore-path' ? ' input--error' : ''}`}
              id="restore-path"
              name="restore-path"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={restorePath}
              aria-describedby={`restore-path-hint${restoreError?.field === 'restore-path' ? ' restore-path-error' : ''}`}
              onChange={(e) => setRestorePath(e.target.value)}
              data-testid="restore-path"
            />
            {nativePicker && (
              <button type="button" className="button button--secondary" onClick={chooseRestoreLocation} disabled={busy}>
                Choose…
              </button>
            )}
          </div>
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="restore-submit">
          Restore and open
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
