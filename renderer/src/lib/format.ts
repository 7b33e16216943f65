// Plain-English formatting shared by the screens (en-GB conventions).

const countFormat = new Intl.NumberFormat('en-GB');

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 row", "12,345 rows". */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "3 December 2025, 14:32"; falls back to the text itself when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

export function severityLabel(severity: 'error' | 'warning' | 'info'): string {
  return severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Information';
}

export function lineEndingLabel(lineEnding: 'CRLF' | 'LF' | 'CR' | 'none'): string {
  switch (lineEnding) {
    case 'CRLF':
      return 'Windows (CRLF)';
    case 'LF':
      return 'Unix (LF)';
    case 'CR':
      return 'Old Mac (CR)';
    case 'none':
      return 'None (the file has a single line)';
  }
}

/** Job phases as the officer reads them; an unknown phase is shown as it comes. */
export function phaseLabel(phase: string): string {
  const known: Record<string, string> = {
    queued: 'Waiting to start',
    starting: 'Starting',
    reading: 'Reading the file',
    parsing: 'Reading the file',
    validating: 'Checking the rows',
    staging: 'Saving the rows',
    writing: 'Saving the rows',
    committing: 'Finishing off',
    finishing: 'Finishing off',
    done: 'Finished',
  };
  return known[phase.toLowerCase()] ?? capitalise(phase);
}
