import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Council Tax Billing Plan B';

/**
 * Where settings live, matching Electron's `app.getPath('userData')` for our product name so
 * the CLI and the desktop app share the recent-workspaces list. `CTB_CONFIG_DIR` overrides it
 * (tests, portable installs).
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CTB_CONFIG_DIR) return env.CTB_CONFIG_DIR;
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), PRODUCT_NAME);
}
