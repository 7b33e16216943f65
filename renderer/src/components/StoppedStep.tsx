import { useFocusOnShow } from '../lib/useFocusOnShow';

interface StoppedProps {
  outcome: 'cancelled' | 'failed';
  message: string;
  onBackToMapping(): void;
  onRestart(): void;
}

/** After an import was cancelled or failed: say so plainly and offer the ways on. */
export function StoppedStep({ outcome, message, onBackToMapping, onRestart }: StoppedProps) {
  const heading = useFocusOnShow<HTMLHeadingElement>(true, message);
  return (
    <div data-testid="import-stopped" data-outcome={outcome}>
      <h2 className="heading-m" ref={heading} tabIndex={-1}>
        {outcome === 'cancelled' ? 'Import cancelled' : 'The import did not finish'}
      </h2>
      <div className={outcome === 'cancelled' ? 'inset' : 'error-summary'} role={outcome === 'cancelled' ? 'status' : 'alert'}>
        <p className="body" data-testid="import-stopped-message">
          {message}
        </p>
      </div>
      <div className="button-group">
        <button type="button" className="button" onClick={onBackToMapping}>
          Back to check the columns
        </button>
        <button type="button" className="button button--secondary" onClick={onRestart}>
          Choose a different file
        </button>
      </div>
    </div>
  );
}
