import { useState } from 'react';
import type { ImportableSource } from '../../../shared/sources/catalog';
import { api, downloadFromApp, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { plural } from '../lib/format';

/**
 * "Download the report" as CSV or Excel (`findings/export`). In a browser the app serves the
 * file and the page downloads it; the desktop app asks where to save it and says where it went.
 */
export function ExportButtons({ source }: { source?: ImportableSource }) {
  const { announce } = useApp();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const result = await api.call('findings/export', source ? { format, source } : { format });
      const what = `The report (${plural(result.findings, 'finding')})`;
      if (result.downloadUrl) {
        if (!downloadFromApp(result.downloadUrl)) throw new Error('no token');
        setMessage(`${what} is downloading. Your browser saves it in its downloads folder.`);
        announce(`${what} is downloading.`);
      } else if (result.savedTo) {
        setMessage(`Saved to ${result.savedTo}`);
        announce(`${what} was saved.`);
      } else {
        setMessage('The report was not saved.');
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export" data-testid="export">
      <div className="button-group">
        <button type="button" className="button button--secondary" onClick={() => void run('csv')} disabled={busy} data-testid="export-csv">
          Download the report (CSV)
        </button>
        <button type="button" className="button button--secondary" onClick={() => void run('xlsx')} disabled={busy} data-testid="export-xlsx">
          Download the report (Excel)
        </button>
      </div>
      {message && (
        <p className="body" role="status" data-testid="export-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error-message" role="alert" data-testid="export-error">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
    </div>
  );
}
