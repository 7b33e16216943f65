import { useCallback, useState } from 'react';
import { downloadFromApp, errorMessage } from '../api/client';
import { useApp } from './appContext';

/** What an export call answers: a path the browser downloads, or where the desktop app saved the file. */
export interface ExportedFile {
  downloadUrl?: string | null;
  savedTo?: string | null;
}

/**
 * Runs an export and says what became of the file: in a browser the app serves it and the page
 * downloads it; the desktop app asks where to save it and says where it went.
 */
export function useFileExport() {
  const { announce } = useApp();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** `what` names the file in the messages ("The report (3 findings)"); `notSaved` is said when the officer cancels. */
  const run = useCallback(
    async <R extends ExportedFile>(call: () => Promise<R>, what: (result: R) => string, notSaved: string) => {
      setBusy(true);
      setError(null);
      setMessage(null);
      try {
        const result = await call();
        const name = what(result);
        if (result.downloadUrl) {
          if (!downloadFromApp(result.downloadUrl)) throw new Error('no token');
          setMessage(`${name} is downloading. Your browser saves it in its downloads folder.`);
          announce(`${name} is downloading.`);
        } else if (result.savedTo) {
          setMessage(`Saved to ${result.savedTo}`);
          announce(`${name} was saved.`);
        } else {
          setMessage(notSaved);
        }
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [announce],
  );

  return { busy, message, error, run };
}
