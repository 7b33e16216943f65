import { useEffect, useRef } from 'react';

export interface ErrorItem {
  message: string;
  /** id of the field to jump to, if any. */
  href?: string;
}

interface Props {
  title?: string;
  errors: ErrorItem[];
  /** Move focus here when it appears (after a failed action). */
  focus?: boolean;
  testId?: string;
}

/** The GOV.UK error summary: a red-bordered box listing problems, each linking to its field. */
export function ErrorSummary({ title = 'There is a problem', errors, focus = false, testId = 'error-summary' }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const text = errors.map((e) => e.message).join('\n');
  useEffect(() => {
    if (focus && text) ref.current?.focus();
  }, [focus, text]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" data-testid={testId}>
      <h2 className="error-summary__title">{title}</h2>
      <ul className="error-summary__list">
        {errors.map((e, i) => (
          <li key={i}>
            {e.href ? (
              <a
                href={`#${e.href}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  document.getElementById(e.href ?? '')?.focus();
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
