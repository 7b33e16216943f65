import { useEffect, useMemo, useState } from 'react';
import type { ImportBatch, ResponseOf } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatDateTime, plural } from '../lib/format';
import { sourceLabel } from '../lib/sources';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { FindingsList } from './FindingsList';
import { NeedWorkspace } from './NeedWorkspace';

type Severity = 'error' | 'warning' | 'info';
type Summary = ResponseOf<'findings/summary'>;

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
    if (!batchId) return;
    let live = true;
    api
      .call('findings/summary', { batchId })
      .then((s) => live && setSummary(s))
      .catch(() => live && setSummary([]));
    return () => {
      live = false;
    };
  }, [batchId]);

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
