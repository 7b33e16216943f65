import type { FindingState } from '../../../../shared/api/contract';
import { formatCount } from '../../lib/format';
import { STATE_LABEL, STATES } from './reviewLabels';

export type StateFilter = FindingState | 'all';

interface Props {
  value: StateFilter;
  counts: Record<FindingState, number> | null;
  onChange(value: StateFilter): void;
}

/** Open / Reviewed / Fixed / Excluded / All, each with how many findings (for the other filters). */
export function StateTabs({ value, counts, onChange }: Props) {
  const total = counts ? STATES.reduce((n, s) => n + counts[s], 0) : null;
  const items: { key: StateFilter; label: string; count: number | null }[] = [
    ...STATES.map((s) => ({ key: s as StateFilter, label: STATE_LABEL[s], count: counts ? counts[s] : null })),
    { key: 'all', label: 'All', count: total },
  ];
  return (
    <nav className="state-tabs" aria-label="Findings by state" data-testid="state-tabs">
      <ul className="state-tabs__list">
        {items.map((item) => (
          <li key={item.key} className="state-tabs__item">
            <button
              type="button"
              className="state-tabs__tab"
              aria-pressed={value === item.key}
              onClick={() => onChange(item.key)}
              data-testid={`state-tab-${item.key}`}
              data-count={item.count ?? ''}
            >
              {item.label}
              <span className="state-tabs__count">{item.count === null ? '…' : formatCount(item.count)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
