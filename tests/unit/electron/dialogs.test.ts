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
