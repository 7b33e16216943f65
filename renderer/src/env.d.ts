import type { RawBridge } from '../../shared/api/transport';

/** What the Electron preload script puts on `window.ctb`. Absent in browser mode. */
export interface PreloadBridge extends RawBridge {
  /**
   * Electron 32+ removed `File.path`; preload exposes `webUtils.getPathForFile` here so a
   * dropped file can be registered with `files/registerPath`.
   */
  pathForFile?: (file: File) => string;
}

declare global {
  interface Window {
    ctb?: PreloadBridge;
  }
}
