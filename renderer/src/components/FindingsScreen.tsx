import { useEffect, useMemo, useState } from 'react';
import type { ImportBatch, ResponseOf } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatCount, formatDateTime, plural, severityLabel } from '../lib/format';
import { isImportableSource, sourceLabel } from '../lib/sources';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ExportButtons } from './ExportButtons';
import { FindingsList } from './FindingsList';
import { NeedWorkspace } from './NeedWorkspace';

type Severity = 'error' | 'warning' | 'info';
type Summary = ResponseOf<'findings/summary'>;

const SEVERITY_CLASS = { error: 'tag--red', warning: 'tag--orange', info: 'tag--blue' } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Adds up the per-import summaries: one line per rule and severity, with the first example. */
function mergeSummaries(parts: Summary[]): Summary {
  const merged = new Map<string, Summary[number]>();
  for (const part of parts) {
    for (const s of part) {
      const key = `${s.rule}\u0000${s.severity}`;
      const seen = merged.get(key);
      merged.set(key, seen ? { ...seen, count: seen.count + s.count } : { ...s });
    }
  }
  return [...merged.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.rule.localeCompare(b.rule));
}

/** Every finding of the imports, filtered by import, severity and rule. */
export function FindingsScreen() {
  const { workspace } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [batches, setBatches] = useState<ImportBatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [rule, setRule] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    api
      .call('import/batches', {})
      .then((b) => {
        if (!live) return;
        setBatches(b);
        // Start with the newest import that is still in use.
        setBatchId((current) => current ?? (b.find((x) => x.status === 'active') ?? b[0])?.id ?? '');
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [workspace]);

  useEffect(() => {
    setSummary(null);
    if (batchId === null || !batches) return;
    // One import, or every import still in use added together.
    const ids = batchId ? [batchId] : batches.filter((b) => b.status === 'active').map((b) => b.id);
    let live = true;
    Promise.all(ids.map((id) => api.call('findings/summary', { batchId: id })))
      .then((parts) => live && setSummary(mergeSummaries(parts)))
      .catch(() => live && setSummary([]));
    return () => {
      live = false;
    };
  }, [batchId, batches]);

  const rules = useMemo(() => [...new Set((summary ?? []).map((s) => s.rule))].sort(), [summary]);

  if (!workspace) {
    return (
      <section aria-labelledby="findings-heading" data-testid="findings-screen">
        <h1 className="heading-l" id="findings-heading" ref={heading} tabIndex={-1}>
          Findings
        </h1>
        <NeedWorkspace />
      </section>
    );
  }

  const batch = batches?.find((b) => b.id === batchId);

  return (
    <section aria-labelledby="findings-heading" data-testid="findings-screen">
      <h1 className="heading-l" id="findings-heading" ref={heading} tabIndex={-1}>
        Findings
      </h1>
      <p className="body">What the checks found in each imported file, in file order.</p>
      {error && <p className="error-message">{error}</p>}
      {batches && batches.length === 0 && (
        <p className="body" data-testid="findings-no-imports">
          Nothing has been imported into this workspace yet.
        </p>
      )}
      {batches && batches.length > 0 && batchId !== null && (
        <>
          <div className="toolbar">
            <div className="form-group toolbar__item toolbar__item--grow">
              <label className="label label--s" htmlFor="findings-batch">
                Import
              </label>
              <select
                className="select select--wide"
                id="findings-batch"
                value={batchId}
                onChange={(e) => {
                  setBatchId(e.target.value);
                  setRule('');
                }}
                data-testid="findings-batch"
              >
                <option value="">All imports</option>
                {batches.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.fileName} – {sourceLabel(b.source)} – {formatDateTime(b.importedAt)}
                    {b.status === 'superseded' ? ' (replaced by a later import)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-group toolbar__item">
              <label className="label label--s" htmlFor="findings-severity">
                Severity
              </label>
              <select
                className="select"
                id="findings-severity"
                value={severity}
                onChange={(e) => setSeverity(e.target.value as Severity | '')}
                data-testid="findings-severity"
              >
                <option value="">All</option>
                <option value="error">Errors</option>
                <option value="warning">Warnings</option>
                <option value="info">Information</option>
              </select>
            </div>
            <div className="form-group toolbar__item">
              <label className="label label--s" htmlFor="findings-rule">
                Rule
              </label>
              {batchId ? (
                <select
                  className="select"
                  id="findings-rule"
                  value={rule}
                  onChange={(e) => setRule(e.target.value)}
                  data-testid="findings-rule"
                >
                  <option value="">All rules</option>
                  {rules.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  className="input input--rule"
                  id="findings-rule"
                  type="text"
                  value={rule}
                  spellCheck={false}
                  placeholder="All rules"
                  onChange={(e) => setRule(e.target.value.trim())}
                  data-testid="findings-rule"
                />
              )}
            </div>
          </div>
          {batch && (
            <p className="hint" data-testid="findings-batch-facts">
              {plural(batch.rowsRead, 'row')} read · {plural(batch.errors, 'error')} · {plural(batch.warnings, 'warning')}
            </p>
          )}
          <ExportButtons source={batch && isImportableSource(batch.source) ? batch.source : undefined} />

          <h2 className="heading-m">Findings by rule</h2>
          {summary === null && <p className="body muted">Adding up the findings…</p>}
          {summary && summary.length === 0 && (
            <p className="body" data-testid="findings-grouped-empty">
              No rule found anything{batch ? ` in ${batch.fileName}` : ' in the files in use'}.
            </p>
          )}
          {summary && summary.length > 0 && (
            <div className="table-scroll">
              <table className="table table--small" data-testid="findings-grouped">
                <caption className="table__caption table__caption--s">
                  {batch ? `Findings in ${batch.fileName}, by rule` : 'Findings in every file in use, by rule'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Severity</th>
                    <th scope="col" className="numeric">
                      How many
                    </th>
                    <th scope="col">For example</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.map((g) => (
                    <tr key={`${g.rule}-${g.severity}`} data-testid="findings-group">
                      <td>
                        <code className="code">{g.rule}</code>
                      </td>
                      <td>
                        <strong className={`tag ${SEVERITY_CLASS[g.severity]}`}>{severityLabel(g.severity)}</strong>
                      </td>
                      <td className="numeric">{formatCount(g.count)}</td>
                      <td>{g.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2 className="heading-m">Every finding</h2>
          <FindingsList
            batchId={batchId || undefined}
            severity={severity || undefined}
            rule={rule || undefined}
            caption={batch ? `Findings for ${batch.fileName}` : 'Findings for all imports'}
          />
        </>
      )}
    </section>
  );
}
