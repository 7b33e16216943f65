import { AppError } from '../../../shared/errors';

/**
 * What only the host platform can do: native dialogs. Electron supplies real ones; the
 * loopback host (browser mode, tests) has none, and the renderer uploads files instead.
 */
export interface PlatformPort {
  readonly canPickFiles: boolean;
  /** `kind` chooses the dialog's file filter: source files, or workspace backups. */
  pickFile(title?: string, kind?: 'source' | 'backup'): Promise<string | null>;
  pickWorkspaceLocation(mode: 'create' | 'open'): Promise<string | null>;
  /**
   * Hands a file the app wrote to the officer: Electron asks where to save it and copies it
   * there (null when cancelled). Without it, the file is offered as a download instead.
   */
  saveFileAs?(tempPath: string, suggestedName: string): Promise<string | null>;
  /** Shows a folder in the system's file manager (desktop app only); false when it could not. */
  openFolder?(folder: string): Promise<boolean>;
}

export const noDialogs: PlatformPort = {
  canPickFiles: false,
  pickFile: () => Promise.reject(new AppError('UNSUPPORTED', 'Choosing files with a dialog is only available in the desktop app. Use the file box instead.')),
  pickWorkspaceLocation: () => Promise.reject(new AppError('UNSUPPORTED', 'Dialogs are only available in the desktop app. Type the workspace path instead.')),
};
