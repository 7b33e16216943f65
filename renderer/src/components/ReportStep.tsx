import { useEffect, useState } from 'react';
import type { ImportBatch, ResponseOf } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { formatCount, formatDateTime, severityLabel } from '../lib/format';
import { isImportableSource, sourceLabel } from '../lib/sources';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ExportButtons } from './ExportButtons';
import { FindingsList } from './FindingsList';

type Summary = ResponseOf<'findings/summary'>;

const SEVERITY_CLASS = { error: 'tag--red', warning: 'tag--orange', info: 'tag--blue' } as const;

/** Step 4: the validation report of a finished import. */
export function ReportStep({ batch, onImportAnother }: { batch: ImportBatch; onImportAnother(): void }) {
  const { navigate } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [summaryError, setSummaryError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .call('findings/summary', { batchId: batch.id })
      .then((s) => live && setSummary(s))
      .catch((e: unknown) => live && setSummaryError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [batch.id]);

  const clean = batch.errors === 0 && batch.warnings === 0;

  const facts: [string, number, string][] = [
    ['Rows read', batch.rowsRead, 'rows-read'],
    ['Rows staged', batch.rowsStaged, 'rows-staged'],
    ['Rows flagged', batch.rowsFlagged, 'rows-flagged'],
    ['Rows rejected', batch.rowsRejected, 'rows-rejected'],
    ['Errors', batch.errors, 'errors'],
    ['Warnings', batch.warnings, 'warnings'],
  ];

  return (
    <div data-testid="report-step">
      <div className={`panel ${clean ? 'panel--success' : 'panel--info'}`}>
        <h2 className="panel__title" ref={heading} tabIndex={-1}>
          Import finished
        </h2>
        <p className="panel__body">
          {batch.fileName} was imported as {sourceLabel(batch.source)}.{' '}
          {clean ? 'Every row passed every check.' : 'Some rows need checking: see the findings below.'}
        </p>
      </div>

      <h3 className="heading-s">Summary</h3>
      <div className="stats" data-testid="report-counts">
        {facts.map(([label, value, id]) => (
          <div className="stats__item" key={id} data-testid={`report-${id}`}>
            <span className="stats__value">{formatCount(value)}</span>
            <span className="stats__label">{label}</span>
          </div>
        ))}
      </div>
      <dl className="summary-list summary-list--compact">
        <div className="summary-list__row">
          <dt className="summary-list__key">Imported</dt>
          <dd className="summary-list__value">
            {formatDateTime(batch.importedAt)} by {batch.importedBy}
          </dd>
        </div>
        {batch.run !== null && (
          <div className="summary-list__row">
            <dt className="summary-list__key">Print run</dt>
            <dd className="summary-list__value" data-testid="report-run">
              {batch.run}
            </dd>
          </div>
        )}
        {batch.sheet !== null && (
          <div className="summary-list__row">
            <dt className="summary-list__key">Sheet</dt>
            <dd className="summary-list__value" data-testid="report-sheet">
              {batch.sheet}
            </dd>
          </div>
        )}
        <div className="summary-list__row">
          <dt className="summary-list__key">Text encoding</dt>
          <dd className="summary-list__value">{batch.encoding}</dd>
        </div>
      </dl>

      <div className="button-group">
        <button type="button" className="button" onClick={() => navigate('rows')} data-testid="view-staged-rows">
          View staged rows
        </button>
        <button type="button" className="button button--secondary" onClick={onImportAnother} data-testid="import-another">
          Import another file
        </button>
      </div>

      <h3 className="heading-s">The validation report</h3>
      <p className="body">A spreadsheet of every finding in the files now in use for {sourceLabel(batch.source)}, to open in Excel.</p>
      <ExportButtons source={isImportableSource(batch.source) ? batch.source : undefined} />

      <h3 className="heading-s">Findings by rule</h3>
      {summaryError && <p className="error-message">{summaryError}</p>}
      {summary && summary.length === 0 && <p className="body">No rule found anything.</p>}
      {summary && summary.length > 0 && (
        <table className="table table--small" data-testid="findings-summary">
          <caption className="visually-hidden">Findings grouped by rule</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col" className="numeric">
                How many
              </th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            {summary.map((s) => (
              <tr key={`${s.rule}-${s.severity}`}>
                <td>
                  <code className="code">{s.rule}</code>
                </td>
                <td>
                  <strong className={`tag ${SEVERITY_CLASS[s.severity]}`}>{severityLabel(s.severity)}</strong>
                </td>
                <td className="numeric">{formatCount(s.count)}</td>
                <td>{s.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="heading-s">All findings</h3>
      <FindingsList batchId={batch.id} caption={`Findings for ${batch.fileName}`} />
    </div>
  );
}
