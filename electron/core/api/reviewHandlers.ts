import type { Handlers } from '../../../shared/api/contract';
import { listAudit, writeAuditCsv, writeAuditXlsx } from '../review/auditTrail';
import { queryReviewFindings, findingRuleCounts } from '../review/reviewFindings';
import { editCell, excludeFindingRows, listUndoable, setFindingStates, setRowsExcluded, unappliedChanges, undoChange } from '../review/reviewActions';
import type { AppServices } from './appServices';

type ReviewMethods =
  | 'review/findings'
  | 'review/rules'
  | 'review/setState'
  | 'review/excludeRows'
  | 'rows/edit'
  | 'rows/exclude'
  | 'rows/include'
  | 'rows/unapplied'
  | 'undo/list'
  | 'undo/apply'
  | 'audit/list'
  | 'audit/export';

/** Findings review, corrections, exclusions, undo and the audit trail (electron/core/review). */
export function reviewHandlers(app: AppServices): Pick<Handlers, ReviewMethods> {
  return {
    'review/findings': (q) => queryReviewFindings(app.requireWorkspace().db, q),
    'review/rules': () => findingRuleCounts(app.requireWorkspace().db),
    'review/setState': ({ ids, state, note }) => ({ updated: setFindingStates(app.requireIdleWorkspace(), ids, state, note, app.user) }),
    'review/excludeRows': ({ ids, note }) => ({ excludedRows: excludeFindingRows(app.requireIdleWorkspace(), ids, note, app.user, app.afterStage) }),
    'rows/edit': (r) => editCell(app.requireIdleWorkspace(), r, app.user, app.afterStage),
    'rows/exclude': ({ source, rowIds, note }) => ({ changed: setRowsExcluded(app.requireIdleWorkspace(), source, rowIds, true, note, app.user, app.afterStage) }),
    'rows/include': ({ source, rowIds, note }) => ({ changed: setRowsExcluded(app.requireIdleWorkspace(), source, rowIds, false, note ?? '', app.user, app.afterStage) }),
    'rows/unapplied': () => unappliedChanges(app.requireWorkspace().db),
    'undo/list': () => listUndoable(app.requireWorkspace().db, app.user),
    'undo/apply': ({ id }) => ({ undone: undoChange(app.requireIdleWorkspace(), id, app.user, app.afterStage) }),
    'audit/list': (q) => listAudit(app.requireWorkspace().db, q),
    'audit/export': async ({ format, ...filters }) => {
      const db = app.requireWorkspace().db;
      const name = `audit-trail-${new Date().toISOString().slice(0, 10)}.${format}`;
      const temp = app.tempFile(name);
      if (format === 'xlsx') await writeAuditXlsx(db, filters, temp);
      else writeAuditCsv(db, filters, temp);
      return app.offerFile(temp, name);
    },
  };
}
