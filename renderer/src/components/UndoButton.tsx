import { useEffect, useState } from 'react';
import type { UndoableEdit } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatDateTime } from '../lib/format';
import { ErrorMessage } from './Fields';

interface Props {
  /** Called after a change was undone, so the screen can show the data as it is now. */
  onUndone?(what: string): void;
  /** Changes whenever the screen saves something, so the control re-reads what can be undone. */
  refreshKey?: unknown;
}

/**
 * "Undo last change": names the officer's newest change that can still be undone and undoes
 * it (`undo/list`, then `undo/apply` with its id). Says what was undone.
 */
export function UndoButton({ onUndone, refreshKey }: Props) {
  const { announce, workspace } = useApp();
  const [latest, setLatest] = useState<UndoableEdit | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    api
      .call('undo/list', {})
      .then((list) => live && setLatest(list[0] ?? null))
      .catch(() => live && setLatest(null));
    return () => {
      live = false;
    };
  }, [workspace, refreshKey, reload]);

  const undo = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      // Ask again at the moment of undoing: only the newest change can be undone.
      const list = await api.call('undo/list', {});
      const newest = list[0];
      if (!newest) {
        setMessage('There is nothing of yours to undo.');
        setLatest(null);
        return;
      }
      const { undone } = await api.call('undo/apply', { id: newest.id });
      const text = `Undone: ${undone}`;
      setMessage(text);
      announce(text);
      onUndone?.(undone);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setReload((n) => n + 1);
    }
  };

  if (!workspace) return null;

  return (
    <div className="undo" data-testid="undo">
      <div className="undo__row">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void undo()}
          disabled={busy || !latest}
          aria-describedby="undo-latest"
          data-testid="undo-last"
        >
          Undo last change
        </button>
        <span className="hint undo__latest" id="undo-latest" data-testid="undo-latest">
          {latest === undefined
            ? 'Checking what can be undone…'
            : latest === null
              ? 'Nothing of yours to undo.'
              : `Your last change: ${latest.label} (${formatDateTime(latest.at)})`}
        </span>
      </div>
      {message && (
        <p className="body undo__message" data-testid="undo-message">
          {message}
        </p>
      )}
      {error && <ErrorMessage testId="undo-error">{error}</ErrorMessage>}
    </div>
  );
}
