import { useId } from 'react';
import { formatCount } from '../../lib/format';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** When given, the bar shows `value` out of `total` (e.g. open findings out of all). */
  total?: number;
}

interface Props {
  title: string;
  bars: Bar[];
  /** What a value counts ("accounts", "open findings"). */
  valueLabel: string;
  /** What a total counts, for bars with totals ("all findings"). */
  totalLabel?: string;
  testId: string;
  /** Said when there are no bars (or all are 0). */
  emptyText?: string;
}

const ROW = 28;
const LABEL_W = 260;
const BAR_W = 300;
const VALUE_W = 120;
const WIDTH = LABEL_W + BAR_W + VALUE_W;

/**
 * A horizontal bar chart drawn in SVG, described for screen readers and followed by the same
 * figures as a table (in a details element), so nothing is conveyed by length or colour alone:
 * every bar carries its number as text.
 */
export function BarChart({ title, bars, valueLabel, totalLabel, testId, emptyText = 'None.' }: Props) {
  const id = useId();
  const shown = bars.filter((b) => b.value > 0 || (b.total ?? 0) > 0);
  const max = Math.max(1, ...shown.map((b) => Math.max(b.value, b.total ?? 0)));
  const hasTotals = shown.some((b) => b.total !== undefined);
  const height = shown.length * ROW + 4;
  const summary = shown.map((b) => `${b.label}: ${formatCount(b.value)}${b.total !== undefined ? ` of ${formatCount(b.total)}` : ''}`).join('; ');
  const valueText = (b: Bar) => (b.total !== undefined ? `${formatCount(b.value)} of ${formatCount(b.total)}` : formatCount(b.value));

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="heading-s" id={`${id}-title`}>
        {title}
      </figcaption>
      {shown.length === 0 ? (
        <p className="body muted">{emptyText}</p>
      ) : (
        <>
          {hasTotals && (
            <p className="chart__key hint">
              <span className="chart__swatch chart__swatch--value" aria-hidden="true" /> {valueLabel}{' '}
              <span className="chart__swatch chart__swatch--total" aria-hidden="true" /> {totalLabel ?? 'total'}. Figures are “{valueLabel} of{' '}
              {totalLabel ?? 'total'}”.
            </p>
          )}
          <svg
            className="chart__svg"
            viewBox={`0 0 ${WIDTH} ${height}`}
            width="100%"
            style={{ maxWidth: `${WIDTH}px` }}
            role="img"
            aria-labelledby={`${id}-title ${id}-desc`}
          >
            <desc id={`${id}-desc`}>{summary}</desc>
            {shown.map((b, i) => {
              const y = i * ROW + 2;
              const totalW = b.total !== undefined ? (b.total / max) * BAR_W : 0;
              const valueW = (b.value / max) * BAR_W;
              return (
                <g key={b.key} data-testid={`${testId}-bar`}>
                  <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="chart__label">
                    {b.label.length > 38 ? `${b.label.slice(0, 36)}…` : b.label}
                  </text>
                  {b.total !== undefined && <rect x={LABEL_W} y={y + 4} width={Math.max(totalW, 1)} height={ROW - 8} className="chart__bar chart__bar--total" />}
                  <rect x={LABEL_W} y={y + 4} width={b.value > 0 ? Math.max(valueW, 2) : 0} height={ROW - 8} className="chart__bar chart__bar--value" />
                  <text x={LABEL_W + BAR_W + 8} y={y + ROW / 2} dominantBaseline="middle" className="chart__value">
                    {valueText(b)}
                  </text>
                </g>
              );
            })}
          </svg>
          <details className="details chart__details">
            <summary className="details__summary">
              <span className="details__summary-text">
                Show “{title}” as a table
              </span>
            </summary>
            <div className="details__text">
              <table className="table table--small" data-testid={`${testId}-table`}>
                <caption className="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col" className="numeric">
                      {valueLabel.charAt(0).toUpperCase() + valueLabel.slice(1)}
                    </th>
                    {hasTotals && (
                      <th scope="col" className="numeric">
                        {(totalLabel ?? 'total').charAt(0).toUpperCase() + (totalLabel ?? 'total').slice(1)}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((b) => (
                    <tr key={b.key}>
                      <th scope="row">{b.label}</th>
                      <td className="numeric">{formatCount(b.value)}</td>
                      {hasTotals && <td className="numeric">{b.total !== undefined ? formatCount(b.total) : ''}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
