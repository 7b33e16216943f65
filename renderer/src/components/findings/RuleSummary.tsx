import type { FindingRuleCount } from '../../../../shared/api/contract';
import { formatCount, severityLabel } from '../../lib/format';
import { KIND_LABEL, SEVERITY_CLASS } from './reviewLabels';

interface Props {
  rules: FindingRuleCount[] | null;
  error: string | null;
  /** Selecting a rule filters the findings below by it. */
  onPick(rule: FindingRuleCount): void;
}

/** Findings per rule with how many are open, reviewed, fixed and excluded. */
export function RuleSummary({ rules, error, onPick }: Props) {
  if (error) return <p className="error-message">{error}</p>;
  if (rules === null) return <p className="body muted">Adding up the findings…</p>;
  if (rules.length === 0) {
    return (
      <p className="body" data-testid="findings-grouped-empty">
        No check found anything in the files in use.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table--small" data-testid="findings-grouped">
        <caption className="table__caption table__caption--s">Findings by rule, in every file in use and the cross-source checks</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">Severity</th>
            <th scope="col" className="numeric">
              Open
            </th>
            <th scope="col" className="numeric">
              Reviewed
            </th>
            <th scope="col" className="numeric">
              Fixed
            </th>
            <th scope="col" className="numeric">
              Excluded
            </th>
            <th scope="col" className="numeric">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={`${r.kind}-${r.rule}-${r.severity}`} data-testid="findings-group" data-rule={r.rule}>
              <td>
                <button type="button" className="link-button" onClick={() => onPick(r)} data-testid={`pick-rule-${r.rule}`}>
                  <code className="code">{r.rule}</code>
                  <span className="visually-hidden"> – show these findings</span>
                </button>
              </td>
              <td>{KIND_LABEL[r.kind]}</td>
              <td>
                <strong className={`tag ${SEVERITY_CLASS[r.severity]}`}>{severityLabel(r.severity)}</strong>
              </td>
              <td className="numeric">{formatCount(r.states.open)}</td>
              <td className="numeric">{formatCount(r.states.reviewed)}</td>
              <td className="numeric">{formatCount(r.states.fixed)}</td>
              <td className="numeric">{formatCount(r.states.excluded)}</td>
              <td className="numeric">{formatCount(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
