import { useSyncExternalStore } from 'react';
import { connection } from '../api/client';

/** Shows, loudly, that the page can no longer reach the app (browser mode only). */
export function ConnectionBanner() {
  const state = useSyncExternalStore(connection.subscribe, connection.get);
  if (state.status !== 'lost') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-lost">
      <div className="width-container">
        <h2 className="connection-banner__title">Connection lost</h2>
        <p className="connection-banner__text">{state.message}</p>
      </div>
    </div>
  );
}
