import { useState } from 'react';
import { plural } from '../../lib/format';
import { NoteField } from './NoteField';
import { ErrorMessage } from '../Fields';

export type BulkAction = 'reviewed' | 'exclude' | 'reopen';

interface Props {
  selectedCount: number;
  busy: boolean;
  /** Does the action; throws with an officer-readable message when the app refuses. */
  onAction(action: BulkAction, note: string): Promise<void>;
  onClearSelection(): void;
}

const NOTE_REQUIRED: Record<BulkAction, string | null> = {
  reviewed: 'Enter a note to say why these findings need no change',
  exclude: 'Enter a note to say why these rows should be left out',
  reopen: null,
};

/** What to do with the selected findings, with the note every decision needs. */
export function BulkActions({ selectedCount, busy, onAction, onClearSelection }: Props) {
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [selectionError, setSelectionError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (action: BulkAction) => {
    setNoteError(null);
    setSelectionError(null);
    setActionError(null);
    if (selectedCount === 0) {
      setSelectionError('Select at least one finding first');
      return;
    }
    const required = NOTE_REQUIRED[action];
    if (required && note.trim() === '') {
      setNoteError(required);
      document.getElementById('bulk-note')?.focus();
      return;
    }
    try {
      await onAction(action, note.trim());
      setNote('');
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="bulk-actions" aria-labelledby="bulk-actions-heading" data-testid="bulk-actions">
      <h2 className="heading-s" id="bulk-actions-heading">
        Decide on the selected findings
      </h2>
      <p className="body" data-testid="selected-count" aria-live="polite">
        {selectedCount === 0 ? 'No findings selected.' : `${plural(selectedCount, 'finding')} selected.`}{' '}
        {selectedCount > 0 && (
          <button type="button" className="link-button" onClick={onClearSelection} data-testid="clear-selection">
            Clear the selection
          </button>
        )}
      </p>
      {selectionError && <ErrorMessage testId="selection-error">{selectionError}</ErrorMessage>}
      <NoteField
        id="bulk-note"
        label="Note"
        hint="Why you decided this. Needed to mark findings as reviewed or to exclude rows; it is kept in the audit trail."
        value={note}
        onChange={setNote}
        error={noteError}
        testId="bulk-note"
      />
      <div className="button-group">
        <button type="button" className="button" onClick={() => void run('reviewed')} disabled={busy} data-testid="mark-reviewed">
          Mark as reviewed
        </button>
        <button type="button" className="button button--warning" onClick={() => void run('exclude')} disabled={busy} data-testid="exclude-rows">
          Exclude the rows
        </button>
        <button type="button" className="button button--secondary" onClick={() => void run('reopen')} disabled={busy} data-testid="reopen">
          Reopen
        </button>
      </div>
      {actionError && <ErrorMessage testId="bulk-error">{actionError}</ErrorMessage>}
      <p className="hint">
        “Mark as reviewed” keeps the rows as they are and records that you checked them. “Exclude the rows” leaves the rows out of the checks,
        bills and pushes. “Reopen” puts reviewed findings back on the open list. You can undo the last change.
      </p>
    </section>
  );
}
