// Errors cross process boundaries as data. The codes are a closed set so the UI can decide
// what to show; messages are written for an officer, technical detail stays in the log.
export const ERROR_CODES = [
  'BAD_REQUEST', // the request did not match the contract's schema
  'FORBIDDEN', // wrong sender frame or missing loopback token
  'NOT_FOUND', // unknown method, job, file token or workspace
  'NO_WORKSPACE', // the call needs an open workspace
  'WORKSPACE_BUSY', // another job is writing to the workspace
  'WORKSPACE_INVALID', // the file is not a workspace or is newer than this app
  'FILE_UNREADABLE', // binary, empty, or cannot be opened
  'MAPPING_INVALID', // the column mapping cannot be used (missing key, duplicates)
  'INVALID_VALUE', // an officer's corrected value does not pass the column's rules
  'CANCELLED',
  'UNSUPPORTED', // the capability does not exist on this transport (e.g. native dialogs in a browser)
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
}

/** An error whose message is fit to show an officer as it is. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
