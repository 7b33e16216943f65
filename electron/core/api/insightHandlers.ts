// The dashboard, account view and cross-source check views (issue 5): read-only queries of the
// open workspace.
import type { Handlers } from '../../../shared/api/contract';
import { accountView, searchAccounts } from '../insight/accountView';
import { dashboard } from '../insight/dashboard';
import { reconcileCodes, reconcileView } from '../insight/reconcileViews';
import type { AppServices } from './appServices';

type InsightMethods = 'dashboard/get' | 'accounts/get' | 'accounts/search' | 'reconcile/codes' | 'reconcile/view';

export function insightHandlers(app: AppServices): Pick<Handlers, InsightMethods> {
  return {
    'dashboard/get': () => dashboard(app.requireWorkspace().db),
    'accounts/get': ({ account }) => accountView(app.requireWorkspace().db, account),
    'accounts/search': ({ text }) => searchAccounts(app.requireWorkspace().db, text),
    'reconcile/codes': () => reconcileCodes(app.requireWorkspace().db),
    'reconcile/view': ({ code, offset, limit }) => reconcileView(app.requireWorkspace().db, code.trim().toUpperCase(), offset, limit),
  };
}
