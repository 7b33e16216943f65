// The method and event names of the contract, without its schemas, so the sandboxed preload
// can allow-list them without bundling zod. contract.ts checks at compile time that these
// lists and the contract's keys are the same.

export const METHOD_NAMES = [
  'app/info',
  'workspace/current',
  'workspace/recent',
  'workspace/create',
  'workspace/open',
  'workspace/close',
  'workspace/pickLocation',
  'files/pick',
  'files/registerPath',
  'import/recognise',
  'import/inspect',
  'import/start',
  'import/batches',
  'findings/list',
  'findings/export',
  'findings/summary',
  'staging/columns',
  'staging/rows',
  'deaths/list',
  'deaths/decide',
  'deaths/confirmProposed',
  'billing/settings/get',
  'billing/settings/set',
  'billing/runs',
  'billing/approve',
  'billing/release',
  'billing/start',
  'billing/openFile',
  'billing/openFolder',
  'overrides/list',
  'overrides/set',
  'overrides/remove',
  'jobs/get',
  'jobs/cancel',
] as const;

export const EVENT_NAMES = ['job/progress', 'job/finished', 'workspace/changed'] as const;
