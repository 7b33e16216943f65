import type { ReactNode } from 'react';
import type { ImportableSource } from '../../../shared/sources/catalog';
import { api } from '../api/client';
import { plural } from '../lib/format';
import { useFileExport } from '../lib/useFileExport';
import { ErrorMessage } from './Fields';

/**
 * "Download the report" as CSV or Excel (`findings/export`). In a browser the app serves the
 * file and the page downloads it; the desktop app asks where to save it and says where it went.
 */
export function ExportButtons({ source }: { source?: ImportableSource }) {
  const { busy, message, error, run } = useFileExport();
  const onExport = (format: 'csv' | 'xlsx') =>
    void run(
      () => api.call('findings/export', source ? { format, source } : { format }),
      (r) => `The report (${plural(r.findings, 'finding')})`,
      'The report was not saved.',
    );
  return <ExportPanel testId="export" what="the report" onExport={onExport} busy={busy} message={message} error={error} />;
}

interface ExportPanelProps {
  /** `<testId>` on the panel; `<testId>-csv`, `-xlsx`, `-message` and `-error` on its parts. */
  testId: string;
  /** What the buttons download, as in "Download the report (CSV)". */
  what: string;
  onExport(format: 'csv' | 'xlsx'): void;
  busy: boolean;
  disabled?: boolean;
  message: string | null;
  error: string | null;
  /** Said under the buttons. */
  hint?: ReactNode;
}

/** A pair of download buttons (CSV and Excel) with what became of the last download. */
export function ExportPanel({ testId, what, onExport, busy, disabled = false, message, error, hint }: ExportPanelProps) {
  return (
    <div className="export" data-testid={testId}>
      <div className="button-group">
        <button type="button" className="button button--secondary" onClick={() => onExport('csv')} disabled={busy || disabled} data-testid={`${testId}-csv`}>
          Download {what} (CSV)
        </button>
        <button type="button" className="button button--secondary" onClick={() => onExport('xlsx')} disabled={busy || disabled} data-testid={`${testId}-xlsx`}>
          Download {what} (Excel)
        </button>
      </div>
      {hint && <p className="hint">{hint}</p>}
      {message && (
        <p className="body" role="status" data-testid={`${testId}-message`}>
          {message}
        </p>
      )}
      {error && <ErrorMessage testId={`${testId}-error`}>{error}</ErrorMessage>}
    </div>
  );
}
