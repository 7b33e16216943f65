import { describe, expect, it, vi } from 'vitest';
import { electronDialogs } from '../../../electron/main/dialogs';

describe('electronDialogs: opening a folder', () => {
  const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };

  it('opens the folder with shell.openPath, which answers an empty string on success', async () => {
    const openPath = vi.fn().mockResolvedValueOnce('').mockResolvedValueOnce('No application is associated');
    const port = electronDialogs(dialog, () => null, { openPath });
    expect(await port.openFolder?.('/runs/run-1')).toBe(true);
    expect(await port.openFolder?.('/runs/run-2')).toBe(false);
    expect(openPath.mock.calls).toEqual([['/runs/run-1'], ['/runs/run-2']]);
  });

  it('offers no openFolder without a shell', () => {
    expect(electronDialogs(dialog, () => null).openFolder).toBeUndefined();
  });
});

describe('electronDialogs: choosing a file', () => {
  it('filters for source files by default and for workspace backups when asked', async () => {
    const dialog = { showOpenDialog: vi.fn().mockResolvedValue({ canceled: false, filePaths: ['/x/f'] }), showSaveDialog: vi.fn() };
    const port = electronDialogs(dialog, () => null);
    expect(await port.pickFile()).toBe('/x/f');
    expect(await port.pickFile(undefined, 'backup')).toBe('/x/f');
    const [source, backup] = dialog.showOpenDialog.mock.calls.map((c) => c[0] as { title: string; filters: { name: string; extensions: string[] }[] });
    expect(source.title).toBe('Choose a source file');
    expect(source.filters[0]).toEqual({ name: 'Source files', extensions: ['csv', 'txt', 'xlsx', 'pdf'] });
    expect(backup.title).toBe('Choose a workspace backup');
    expect(backup.filters[0]).toEqual({ name: 'Workspace backups', extensions: ['ctbbackup'] });
    expect(backup.filters[1]).toEqual({ name: 'All files', extensions: ['*'] });
  });

  it('names the save dialog after what is saved', async () => {
    const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn().mockResolvedValue({ canceled: true }) };
    const port = electronDialogs(dialog, () => null);
    await port.saveFileAs?.('/tmp/a', 'october-backup-2026-12-03.ctbbackup');
    await port.saveFileAs?.('/tmp/b', 'audit-trail-2026-12-03.csv');
    expect(dialog.showSaveDialog.mock.calls.map((c) => (c[0] as { title: string }).title)).toEqual(['Save the workspace backup', 'Save the file']);
  });
});
