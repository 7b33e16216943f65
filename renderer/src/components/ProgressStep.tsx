import { useState } from 'react';
import type { JobProgress } from '../../../shared/api/contract';
import { phaseLabel } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';

interface Props {
  fileName: string;
  progress: JobProgress | null;
  /** False until the app has said which job it is. */
  canCancel: boolean;
  onCancel(): void;
}

/** Step 3: the import running, with a way to stop it. */
export function ProgressStep({ fileName, progress, canCancel, onCancel }: Props) {
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [cancelling, setCancelling] = useState(false);
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : null;
  const phase = progress ? phaseLabel(progress.phase) : 'Starting';

  return (
    <div data-testid="progress-step">
      <h2 className="heading-m" ref={heading} tabIndex={-1}>
        Importing {fileName}
      </h2>
      <p className="body">You can keep using the other screens while this runs. Nothing changes in the workspace until the import finishes.</p>
      <div className="progress">
        <label className="label label--s" htmlFor="import-progress" data-testid="progress-phase">
          {phase}
          {percent !== null ? ` – ${percent}%` : '…'}
        </label>
        {progress?.phase === 'reading rows' && total > 0 ? (
          <p className="hint" data-testid="progress-lines">
            Line {done.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')}
          </p>
        ) : null}
        {percent !== null ? (
          <progress id="import-progress" className="progress__bar" max={100} value={percent} data-testid="progress-bar">
            {percent}%
          </progress>
        ) : (
          <progress id="import-progress" className="progress__bar" data-testid="progress-bar" />
        )}
      </div>
      <button
        type="button"
        className="button button--warning"
        disabled={!canCancel || cancelling}
        data-testid="cancel-import"
        onClick={() => {
          setCancelling(true);
          onCancel();
        }}
      >
        {cancelling ? 'Cancelling…' : 'Cancel import'}
      </button>
    </div>
  );
}
