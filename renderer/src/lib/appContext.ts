import { createContext, useContext } from 'react';
import type { ResponseOf, WorkspaceInfo } from '../../../shared/api/contract';

export type ScreenName =
  | 'dashboard'
  | 'workspace'
  | 'import'
  | 'rows'
  | 'findings'
  | 'reconcile'
  | 'account'
  | 'deaths'
  | 'bills'
  | 'audit'
  | 'help';

/** What a screen is opened on, e.g. one account, or a finding's rows in the grid. */
export interface NavParams {
  account?: string;
  source?: string;
  rowIds?: number[];
  /** A reconciliation code, or a help section anchor. */
  code?: string;
}

export type AppInfo = ResponseOf<'app/info'>;

export interface AppContextValue {
  /** What the backend says about itself; null until it answers. */
  info: AppInfo | null;
  workspace: WorkspaceInfo | null;
  setWorkspace(ws: WorkspaceInfo | null): void;
  /** Says a short message through the page's aria-live status region. */
  announce(message: string): void;
  navigate(screen: ScreenName, params?: NavParams): void;
  /** The parameters the current screen was opened with ({} from the menu). */
  params: NavParams;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppContext');
  return value;
}
