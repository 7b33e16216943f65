import { useApp } from '../lib/appContext';

/** Shown by screens that need an open workspace when there is none. */
export function NeedWorkspace() {
  const { navigate } = useApp();
  return (
    <div className="inset" data-testid="need-workspace">
      <p>No workspace is open. Open or create a workspace first.</p>
      <button type="button" className="button button--secondary" onClick={() => navigate('workspace')}>
        Go to Workspace
      </button>
    </div>
  );
}
