// Browser mode: a development and test harness, not shipped in installers. Serves the built
// renderer and the API on 127.0.0.1 over the loopback transport and prints the URL to open.
//   npm run web -- --workspace W [--port P]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { AppServices } from '../electron/core/api/appServices';
import { appVersion } from '../electron/core/appVersion';
import { startLoopbackHost } from '../electron/core/loopback/loopbackHost';
import { createLogger, stderrSink } from '../electron/core/log/logger';
import { defaultConfigDir } from '../electron/core/platform/configDir';
import { noDialogs } from '../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../electron/core/workspace/recentWorkspaces';
import { ensureRendererBuilt } from './rendererBuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const program = new Command('web')
  .description('Run the app in a browser over the loopback transport (development and tests).')
  .option('--workspace <file>', 'workspace to open (created if missing)')
  .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number from 0 to 65535');
    return n;
  })
  .parse(process.argv.slice(2), { from: 'user' });

const opts = program.opts<{ workspace?: string; port?: number }>();
const log = createLogger(stderrSink, 'web');
const rendererDir = ensureRendererBuilt(root, (s) => process.stderr.write(`${s}\n`));
const services = new AppServices({
  version: appVersion(),
  transport: 'loopback',
  platform: noDialogs,
  recent: new RecentWorkspaces(path.join(defaultConfigDir(), 'recent-workspaces.json')),
  log,
});
if (opts.workspace) services.openWorkspace(opts.workspace, 'either');

const host = await startLoopbackHost({ services, rendererDir, port: opts.port, log });
process.stdout.write(`Council Tax Billing Plan B is running in browser mode.\nOpen: ${host.url}\nPress Ctrl+C to stop.\n`);

const stop = async () => {
  await host.close();
  services.dispose();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
