import { createContext, useContext } from 'react';
import type { ResponseOf, WorkspaceInfo } from '../../../shared/api/contract';

export type ScreenName = 'workspace' | 'import' | 'rows' | 'findings' | 'deaths' | 'bills';

export type AppInfo = ResponseOf<'app/info'>;

export interface AppContextValue {
  /** What the backend says about itself; null until it answers. */
  info: AppInfo | null;
  workspace: WorkspaceInfo | null;
  setWorkspace(ws: WorkspaceInfo | null): void;
  /** Says a short message through the page's aria-live status region. */
  announce(message: string): void;
  navigate(screen: ScreenName): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppContext');
  return value;
}
