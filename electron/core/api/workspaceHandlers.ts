import fs from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/api/contract';
import { backupFileName, copyBackupTo, removeDatabaseFiles, writeBackup } from '../workspace/backup';
import type { AppServices } from './appServices';

/**
 * Backup and hand-over: `workspace/backup` writes a checked single-file copy of the open
 * workspace and offers it (Save As in the desktop app, a download in a browser);
 * `workspace/restore` copies a chosen backup to a new location, never over a file, and opens
 * it (older versions are upgraded as any workspace is). Both are audited.
 */
export function workspaceBackupHandlers(app: AppServices): Pick<Handlers, 'workspace/backup' | 'workspace/restore'> {
  return {
    'workspace/backup': async () => {
      const ws = app.requireIdleWorkspace();
      const info = ws.info();
      const fileName = backupFileName(info.name);
      const temp = app.tempFile(fileName);
      const check = writeBackup(ws, temp, app.workspaceOptions);
      const offer = await app.offerFile(temp, fileName);
      if (offer.savedTo === null && offer.downloadUrl === null) {
        fs.rmSync(temp, { force: true });
        return { ...offer, fileName };
      }
      ws.audit({
        actor: app.user,
        action: 'workspace/backup',
        entity: 'workspace',
        entityKey: info.id,
        after: { file: fileName, savedTo: offer.savedTo, bytes: check.bytes, sha256: check.sha256, schemaVersion: check.schemaVersion },
      });
      return { ...offer, fileName };
    },

    'workspace/restore': ({ file, path: target }) => {
      if (app.current?.busy) throw new AppError('WORKSPACE_BUSY', `The open workspace is busy (${app.current.busy}). Wait for it to finish first.`);
      const backup = app.files.resolve(file);
      const copied = copyBackupTo(backup, target, app.workspaceOptions);
      let ws;
      try {
        ws = app.openWorkspace(copied.target, 'open');
      } catch (e) {
        removeDatabaseFiles(copied.target);
        throw e;
      }
      ws.audit({
        actor: app.user,
        action: 'workspace/restore',
        entity: 'workspace',
        entityKey: ws.info().id,
        after: {
          from: backup.name,
          sha256: copied.sha256,
          bytes: copied.bytes,
          to: copied.target,
          backupSchemaVersion: copied.schemaVersion,
          schemaVersion: ws.info().schemaVersion,
        },
      });
      return ws.info();
    },
  };
}
