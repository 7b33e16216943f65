import { formatCount } from '../lib/format';

interface Props {
  offset: number;
  pageSize: number;
  total: number;
  onChange(offset: number): void;
  label: string;
}

/** Previous / next with "Page 2 of 7", GOV.UK style. */
export function Pagination({ offset, pageSize, total, onChange, label }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button
        type="button"
        className="link-button pagination__prev"
        disabled={page <= 1}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        <span aria-hidden="true">← </span>Previous<span className="visually-hidden"> page</span>
      </button>
      <span className="pagination__page">
        Page {formatCount(page)} of {formatCount(pages)}
      </span>
      <button
        type="button"
        className="link-button pagination__next"
        disabled={page >= pages}
        onClick={() => onChange(offset + pageSize)}
      >
        Next<span className="visually-hidden"> page</span>
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
