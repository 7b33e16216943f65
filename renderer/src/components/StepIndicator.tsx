const STEPS = ['Choose the file', 'Check the file', 'Import', 'Check the results'];

/** "Step 2 of 4: Check the columns", with the whole journey listed for orientation. */
export function StepIndicator({ current }: { current: number }) {
  return (
    <nav className="steps" aria-label="Import steps" data-testid="import-steps">
      <p className="caption">
        Step {current} of {STEPS.length}
      </p>
      <ol className="steps__list">
        {STEPS.map((label, i) => {
          const n = i + 1;
          const state = n < current ? 'done' : n === current ? 'current' : 'todo';
          return (
            <li key={label} className={`steps__item steps__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="steps__number" aria-hidden="true">
                {n}
              </span>
              {label}
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
