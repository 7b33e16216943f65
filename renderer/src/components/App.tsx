import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WorkspaceInfo } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { AuditScreen } from './AuditScreen';
import { AppContext, type AppContextValue, type AppInfo, type NavParams, type ScreenName } from '../lib/appContext';
import { AccountScreen } from './AccountScreen';
import { BillsScreen } from './BillsScreen';
import { DashboardScreen } from './DashboardScreen';
import { ReconciliationScreen } from './ReconciliationScreen';
import { ConnectionBanner } from './ConnectionBanner';
import { DeathsScreen } from './DeathsScreen';
import { FindingsScreen } from './FindingsScreen';
import { ImportScreen } from './ImportScreen';
import { StagedRowsScreen } from './StagedRowsScreen';
import { WorkspaceScreen } from './WorkspaceScreen';
import { HelpScreen } from './HelpScreen';

const NAV: { screen: ScreenName; label: string }[] = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'workspace', label: 'Workspace' },
  { screen: 'import', label: 'Import' },
  { screen: 'rows', label: 'Staged rows' },
  { screen: 'findings', label: 'Findings' },
  { screen: 'reconcile', label: 'Checks' },
  { screen: 'account', label: 'Accounts' },
  { screen: 'deaths', label: 'Deaths' },
  { screen: 'bills', label: 'Bills' },
  { screen: 'audit', label: 'Audit trail' },
  { screen: 'help', label: 'Help' },
];

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [screen, setScreen] = useState<ScreenName | null>(null);
  const [params, setParams] = useState<NavParams>({});
  const [status, setStatus] = useState('');
  const [startupError, setStartupError] = useState<string | null>(null);
  const statusTimer = useRef<number | undefined>(undefined);

  const announce = useCallback((message: string) => {
    // Clear first so the same message twice is still read out.
    setStatus('');
    window.clearTimeout(statusTimer.current);
    statusTimer.current = window.setTimeout(() => setStatus(message), 50);
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('app/info', {}), api.call('workspace/current', {})])
      .then(([i, ws]) => {
        if (!live) return;
        setInfo(i);
        setWorkspace(ws);
        setScreen((s) => s ?? (ws ? 'dashboard' : 'workspace'));
      })
      .catch((e: unknown) => {
        if (!live) return;
        setStartupError(errorMessage(e));
        setScreen((s) => s ?? 'workspace');
      });
    const off = api.on('workspace/changed', (ws) => {
      setWorkspace(ws);
      announce(ws ? `Workspace “${ws.name}” is open.` : 'The workspace was closed.');
    });
    return () => {
      live = false;
      off();
    };
  }, [announce]);

  const navigate = useCallback((next: ScreenName, nextParams?: NavParams) => {
    setParams(nextParams ?? {});
    setScreen(next);
  }, []);

  const context = useMemo<AppContextValue>(
    () => ({ info, workspace, setWorkspace, announce, navigate, params }),
    [info, workspace, announce, navigate, params],
  );

  return (
    <AppContext.Provider value={context}>
      <a className="skip-link" href="#main-content">
        Skip to main content
      </a>
      <ConnectionBanner />
      <header className="header" data-testid="header">
        <div className="header__container width-container">
          <span className="header__title">Council Tax Billing Plan B</span>
          <span className="header__workspace" data-testid="header-workspace">
            {workspace ? (
              <>
                <span className="header__workspace-label">Workspace: </span>
                <strong>{workspace.name}</strong>
                <span className="header__workspace-path">{workspace.path}</span>
              </>
            ) : (
              <span>No workspace open</span>
            )}
          </span>
          <span className="header__help">
            <button type="button" className="link-button" data-testid="header-help" onClick={() => navigate('help')}>
              Help
            </button>
          </span>
        </div>
      </header>
      <nav className="nav" aria-label="Main">
        <ul className="nav__list width-container">
          {NAV.map((item) => (
            <li key={item.screen} className="nav__item">
              <button
                type="button"
                className="nav__link"
                data-testid={`nav-${item.screen}`}
                aria-current={screen === item.screen ? 'page' : undefined}
                onClick={() => navigate(item.screen)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="width-container">
        <main className="main" id="main-content" tabIndex={-1}>
          {startupError && (
            <div className="error-summary" role="alert">
              <h2 className="error-summary__title">The app did not answer</h2>
              <p>{startupError}</p>
            </div>
          )}
          {screen === 'dashboard' && <DashboardScreen />}
          {screen === 'workspace' && <WorkspaceScreen />}
          {/* The import flow stays mounted so a running import survives a look at another screen. */}
          {screen !== null && <ImportScreen active={screen === 'import'} />}
          {screen === 'rows' && <StagedRowsScreen />}
          {screen === 'findings' && <FindingsScreen />}
          {screen === 'reconcile' && <ReconciliationScreen />}
          {screen === 'account' && <AccountScreen />}
          {screen === 'deaths' && <DeathsScreen />}
          {screen === 'bills' && <BillsScreen />}
          {screen === 'audit' && <AuditScreen />}
          {screen === 'help' && <HelpScreen />}
        </main>
      </div>
      <footer className="footer">
        <div className="width-container footer__inner">
          {info ? (
            <span>
              Version {info.version} · Signed in as {info.user} ·{' '}
              {info.transport === 'ipc' ? 'Desktop app' : 'Browser mode (this computer only)'}
            </span>
          ) : (
            <span>Connecting to the app…</span>
          )}
        </div>
      </footer>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="status">
        {status}
      </div>
    </AppContext.Provider>
  );
}
