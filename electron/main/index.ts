import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { AppServices } from '../core/api/appServices';
import { createLogger, type LogSink } from '../core/log/logger';
import { RecentWorkspaces } from '../core/workspace/recentWorkspaces';
import { electronDialogs } from './dialogs';
import { forwardEvents, registerIpcHandlers } from './ipcRegistrar';
import { electronNativeBinding } from './nativeBinding';

// The Electron adapter: windows, dialogs and IPC wiring only. Everything it calls is plain
// Node under electron/core, tested without Electron.

const consoleSink: LogSink = (e) => {
  if (e.level !== 'debug') console[e.level === 'info' ? 'log' : e.level](`[${e.scope}] ${e.message}`, e.detail ?? '');
};

let mainWindow: BrowserWindow | null = null;
const here = path.dirname(fileURLToPath(import.meta.url));

function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? pathToFileURL(path.join(here, '../renderer/index.html')).toString();
}

function isTrustedUrl(url: string): boolean {
  const base = rendererUrl();
  return url === base || url.startsWith(base.replace(/index\.html$/, '')) || url.startsWith(`${base}#`) || url.startsWith(`${base}?`);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Council Tax Billing Plan B',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The window only ever shows our renderer: links open in the browser, navigation is refused.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url)) e.preventDefault();
  });
  void win.loadURL(rendererUrl());
  return win;
}

export function main(): void {
  const log = createLogger(consoleSink, 'main');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  void app.whenReady().then(() => {
    const services = new AppServices({
      version: app.getVersion(),
      transport: 'ipc',
      platform: electronDialogs(dialog, () => mainWindow, shell),
      recent: new RecentWorkspaces(path.join(app.getPath('userData'), 'recent-workspaces.json')),
      log,
      workspaceOptions: { nativeBinding: electronNativeBinding(app.getAppPath(), process.versions) },
    });
    registerIpcHandlers(ipcMain, services.handlers, isTrustedUrl, log.scope('ipc'));
    forwardEvents(services.events, () => (mainWindow ? [mainWindow.webContents] : []));
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    app.on('second-instance', () => mainWindow?.focus());
    app.on('activate', () => {
      if (!mainWindow) mainWindow = createWindow();
    });
    app.on('window-all-closed', () => {
      services.dispose();
      app.quit();
    });
  });
}

main();
