import { useCallback, useEffect, useState } from 'react';
import type { DashboardView, Readiness } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { BarChart } from './charts/BarChart';
import { NeedWorkspace } from './NeedWorkspace';

/** The start screen of an open workspace: what has been imported, what blocks billing and pushing, and charts. */
export function DashboardScreen() {
  const { workspace } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  return (
    <section aria-labelledby="dashboard-heading" data-testid="dashboard-screen">
      <h1 className="heading-l" id="dashboard-heading" ref={heading} tabIndex={-1}>
        Dashboard
      </h1>
      {workspace ? <Dashboard /> : <NeedWorkspace />}
    </section>
  );
}

function Dashboard() {
  const { navigate, announce } = useApp();
  const [view, setView] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const refresh = useCallback(async (say = false) => {
    setLoading(true);
    try {
      setView(await api.call('dashboard/get', {}));
      setError(null);
      if (say) announce('The dashboard was refreshed.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [announce]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (error) {
    return (
      <div className="error-summary" role="alert" data-testid="dashboard-error">
        <h2 className="error-summary__title">The dashboard could not be shown</h2>
        <p>{error}</p>
      </div>
    );
  }
  if (!view) return <p className="body muted">Loading the dashboard…</p>;

  const p = view.preview;
  return (
    <>
      <div className="readiness" data-testid="readiness">
        <ReadinessPanel title="Ready to bill" check={view.readyToBill} testId="ready-to-bill" />
        <ReadinessPanel title="Ready to push" check={view.readyToPush} testId="ready-to-push" />
      </div>
      <div className="button-group">
        <button type="button" className="button button--secondary" onClick={() => navigate('findings')}>
          Review findings
        </button>
        <button type="button" className="button button--secondary" onClick={() => navigate('reconcile')}>
          Cross-source checks
        </button>
        <button type="button" className="button button--secondary" onClick={() => navigate('deaths')}>
          Deaths ({formatCount(view.deaths.undecided)} to decide)
        </button>
        <button type="button" className="button button--secondary" onClick={() => void refresh(true)} disabled={loading} data-testid="dashboard-refresh">
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>

      <h2 className="heading-m">Imported files</h2>
      <div className="table-scroll">
        <table className="table table--small" data-testid="imports-table">
          <caption className="visually-hidden">The current import of each source file</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">File</th>
              <th scope="col">Imported</th>
              <th scope="col" className="numeric">Rows read</th>
              <th scope="col" className="numeric">Staged</th>
              <th scope="col" className="numeric">Flagged</th>
              <th scope="col" className="numeric">Excluded</th>
              <th scope="col" className="numeric">Errors</th>
              <th scope="col" className="numeric">Warnings</th>
              <th scope="col" className="numeric">Open findings</th>
            </tr>
          </thead>
          <tbody>
            {view.sources.map((s) =>
              s.imports.length === 0 ? (
                <tr key={s.source} data-testid="import-row" data-source={s.source} data-imported="false">
                  <th scope="row">{s.label}</th>
                  <td colSpan={9}>
                    <strong className="tag tag--grey">Not imported</strong>{' '}
                    <button type="button" className="link-button" onClick={() => navigate('import')}>
                      Import the {s.label.toLowerCase()} file
                    </button>
                  </td>
                </tr>
              ) : (
                s.imports.map((b, i) => (
                  <tr key={b.batchId} data-testid="import-row" data-source={s.source} data-imported="true">
                    {i === 0 && (
                      <th scope="row" rowSpan={s.imports.length}>
                        {s.label}
                      </th>
                    )}
                    <td className="break-all">
                      {b.fileName}
                      {b.run && <span className="findings-table__name">Print run: {b.run}</span>}
                    </td>
                    <td>
                      {formatDateTime(b.importedAt)}
                      <span className="findings-table__name">by {b.importedBy}</span>
                    </td>
                    <td className="numeric">{formatCount(b.rowsRead)}</td>
                    <td className="numeric">{formatCount(b.rowsStaged)}</td>
                    <td className="numeric">{formatCount(b.rowsFlagged)}</td>
                    <td className="numeric">{formatCount(b.rowsExcluded)}</td>
                    <td className="numeric">{formatCount(b.errors)}</td>
                    <td className="numeric">{formatCount(b.warnings)}</td>
                    {i === 0 && (
                      <td className="numeric" rowSpan={s.imports.length}>
                        {s.openFindings > 0 ? (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => navigate('findings', { source: s.source })}
                            data-testid="open-findings-link"
                            data-source={s.source}
                          >
                            {formatCount(s.openFindings)}
                            <span className="visually-hidden"> open findings in the {s.label.toLowerCase()} file</span>
                          </button>
                        ) : (
                          formatCount(s.openFindings)
                        )}
                        {s.openErrors > 0 && <span className="findings-table__name">{plural(s.openErrors, 'error')}</span>}
                      </td>
                    )}
                  </tr>
                ))
              ),
            )}
          </tbody>
        </table>
      </div>

      <h2 className="heading-m">If the bills were run now</h2>
      {p === null ? (
        <p className="body" data-testid="preview-none">
          No preview: {view.sources.find((s) => s.source === 'accounts')?.imports.length ? 'the billing settings are not valid (see the Bills screen).' : 'the accounts file has not been imported yet.'}
        </p>
      ) : (
        <p className="body" data-testid="preview-summary">
          Of {plural(p.rowsRead, 'accounts row')}, {plural(p.profiled, 'account')} would get a bill and {plural(p.excluded, 'account')} would be
          excluded; {plural(p.flaggedRows, 'row')} {p.flaggedRows === 1 ? 'is' : 'are'} flagged or excluded and {plural(p.duplicateRows, 'row')}{' '}
          {p.duplicateRows === 1 ? 'is a repeat' : 'are repeats'}. Nothing has been written: this is a preview.
        </p>
      )}
      <div className="charts">
        <BarChart
          title="Findings by rule"
          testId="chart-findings"
          valueLabel="open"
          totalLabel="all findings"
          bars={view.findingsByRule.map((r) => ({ key: `${r.kind}-${r.rule}-${r.severity}`, label: `${r.rule} (${r.severity})`, value: r.open, total: r.total }))}
          emptyText="There are no findings."
        />
        {p && (
          <>
            <BarChart
              title="Accounts by profile"
              testId="chart-profiles"
              valueLabel="accounts"
              bars={p.profiles.map((x) => ({ key: x.profile, label: `${x.profile}: ${x.label}`, value: x.count }))}
              emptyText="No account would get a bill."
            />
            <BarChart
              title="Excluded accounts by reason"
              testId="chart-reasons"
              valueLabel="accounts"
              bars={p.reasons.map((x) => ({ key: x.code, label: x.label, value: x.count }))}
              emptyText="No account would be excluded."
            />
          </>
        )}
      </div>
      {p && p.excluded > 0 && <p className="hint">An excluded account counts once under each of its reasons.</p>}
    </>
  );
}

function ReadinessPanel({ title, check, testId }: { title: string; check: Readiness; testId: string }) {
  return (
    <div className={`readiness__panel ${check.ready ? 'readiness__panel--ready' : 'readiness__panel--blocked'}`} data-testid={testId} data-ready={String(check.ready)}>
      <h2 className="heading-s">
        {title}:{' '}
        <strong className={`tag ${check.ready ? 'tag--green' : 'tag--red'}`}>{check.ready ? 'Ready' : 'Not ready'}</strong>
      </h2>
      {check.ready ? (
        <p className="body">Nothing stands in the way.</p>
      ) : (
        <>
          <p className="body">What stands in the way:</p>
          <ul className="list list--bullet" data-testid={`${testId}-blockers`}>
            {check.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
