// Scoped loggers. Everything passes through redaction first, so a password, token or a
// resident's details in an error object never reaches a log file or the console.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (entry: { at: string; level: LogLevel; scope: string; message: string; detail?: unknown }) => void;

const SECRET_KEY = /pass(word)?|secret|token|credential|session|authori[sz]ation|cookie/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message), stack: value.stack?.split('\n').slice(0, 8).join('\n') };
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

function redactText(text: string): string {
  return text.replace(/([?&](?:token|password|secret)=)[^&\s]+/gi, '$1[redacted]');
}

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  scope(name: string): Logger;
}

export function createLogger(sink: LogSink, scope = 'app'): Logger {
  const write = (level: LogLevel) => (message: string, detail?: unknown) =>
    sink({ at: new Date().toISOString(), level, scope, message: redactText(message), detail: detail === undefined ? undefined : redact(detail) });
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    scope: (name) => createLogger(sink, `${scope}.${name}`),
  };
}

/** Writes warnings and errors to stderr; the quiet default for the CLI and tests. */
export const stderrSink: LogSink = (e) => {
  if (e.level === 'warn' || e.level === 'error') {
    process.stderr.write(`[${e.level}] ${e.scope}: ${e.message}${e.detail === undefined ? '' : ` ${JSON.stringify(e.detail)}`}\n`);
  }
};

export const silentLogger = createLogger(() => {});
