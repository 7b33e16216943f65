import fs from 'node:fs';
import type { BrowserWindow, Dialog, Shell } from 'electron';
import type { PlatformPort } from '../core/platform/platformPort';
import { WORKSPACE_EXTENSION } from '../core/workspace/workspace';
import { BACKUP_EXTENSION } from '../core/workspace/backup';

/** Native dialogs as the backend's PlatformPort. */
export function electronDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | null,
  shell?: Pick<Shell, 'openPath'>,
): PlatformPort {
  const ext = WORKSPACE_EXTENSION.slice(1);
  return {
    canPickFiles: true,
    ...(shell
      ? {
          // shell.openPath answers '' on success, else the reason it failed.
          openFolder: async (folder: string) => (await shell.openPath(folder)) === '',
        }
      : {}),
    async pickFile(title, kind = 'source') {
      const win = window();
      const options = {
        title: title ?? (kind === 'backup' ? 'Choose a workspace backup' : 'Choose a source file'),
        properties: ['openFile' as const],
        filters: [
          kind === 'backup' ? { name: 'Workspace backups', extensions: [BACKUP_EXTENSION.slice(1)] } : { name: 'Source files', extensions: ['csv', 'txt', 'xlsx', 'pdf'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    async saveFileAs(tempPath, suggestedName) {
      const win = window();
      const ext = suggestedName.split('.').pop() ?? '';
      const options = { title: suggestedName.endsWith(BACKUP_EXTENSION) ? 'Save the workspace backup' : 'Save the file', defaultPath: suggestedName, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      fs.copyFileSync(tempPath, r.filePath);
      return r.filePath;
    },
    async pickWorkspaceLocation(mode) {
      const win = window();
      const filters = [{ name: 'Workspaces', extensions: [ext] }];
      if (mode === 'create') {
        const options = { title: 'Create a workspace', defaultPath: `workspace${WORKSPACE_EXTENSION}`, filters };
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        if (r.canceled || !r.filePath) return null;
        return r.filePath.endsWith(WORKSPACE_EXTENSION) ? r.filePath : `${r.filePath}${WORKSPACE_EXTENSION}`;
      }
      const options = { title: 'Open a workspace', properties: ['openFile' as const], filters };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
  };
}
