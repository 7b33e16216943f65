import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const at = (rel: string): string => path.join(root, rel);

// The rule is plain JavaScript with no declaration file; load it by URL and give it its type here.
const ruleUrl = pathToFileURL(at('tools/eslint-rules/layers.js')).href;
const { default: layers } = (await import(ruleUrl)) as { default: Rule.RuleModule };

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

const SHARED = at('shared/api/sample.ts');
const RENDERER = at('renderer/src/components/Sample.tsx');
const CORE = at('electron/core/services/sample.ts');
const MAIN = at('electron/main/sample.ts');
const PRELOAD = at('electron/preload/sample.ts');
const CLI = at('electron/cli/sample.ts');
const SCRIPTS = at('scripts/sample.ts');
const OTHER = at('tests/unit/sample.test.ts');

ruleTester.run('layers', layers, {
  valid: [
    // shared/: relative imports inside shared/, browser-safe packages
    { filename: SHARED, code: "import { z } from 'zod';" },
    { filename: SHARED, code: "import { AppError } from '../errors';" },
    { filename: SHARED, code: "import type { SourceDef } from '../sources/catalog';" },
    { filename: SHARED, code: "import { contract, type Handlers } from './contract';" },
    { filename: SHARED, code: "export * from './envelope';" },
    { filename: SHARED, code: "export { ok } from './envelope';" },
    { filename: SHARED, code: "const m = await import('./contract');" },
    { filename: SHARED, code: "const m = await import(`./contract`);" },
    { filename: SHARED, code: 'const name = "fs"; const m = await import(name);' },
    { filename: at('shared/errors.ts'), code: "import { band } from './values/band';" },
    { filename: SHARED, code: "const fsLike = 'node:fs'; export default fsLike;" },

    // renderer/: inside renderer/, into shared/, browser packages
    { filename: RENDERER, code: "import { useState } from 'react';" },
    { filename: RENDERER, code: "import { createRoot } from 'react-dom/client';" },
    { filename: RENDERER, code: "import { useVirtualizer } from '@tanstack/react-virtual';" },
    { filename: RENDERER, code: "import { z } from 'zod';" },
    { filename: RENDERER, code: "import { Table } from '../Table';" },
    { filename: RENDERER, code: "import type { MethodName } from '../../../shared/api/contract';" },
    { filename: RENDERER, code: "export * from '../../../shared/values/money';" },
    { filename: RENDERER, code: "const m = await import('../../../shared/api/contract');" },

    // electron/core/: Node built-ins, Node packages, shared/, other core files
    { filename: CORE, code: "import fs from 'node:fs';" },
    { filename: CORE, code: "import { join } from 'path';" },
    { filename: CORE, code: "import Database from 'better-sqlite3';" },
    { filename: CORE, code: "import { contract } from '../../../shared/api/contract';" },
    { filename: CORE, code: "import { db } from '../db';" },
    { filename: CORE, code: "const pg = require('pg');" },

    // electron/main/ and electron/preload/ are unrestricted
    { filename: MAIN, code: "import { app, BrowserWindow } from 'electron';" },
    { filename: MAIN, code: "import { service } from '../core/service';" },
    { filename: PRELOAD, code: "import { contextBridge } from 'electron';" },

    // electron/cli/ and scripts/: plain Node, core services allowed
    { filename: CLI, code: "import { Command } from 'commander';" },
    { filename: CLI, code: "import { readFile } from 'node:fs/promises';" },
    { filename: CLI, code: "import { service } from '../core/service';" },
    { filename: SCRIPTS, code: "import { spawn } from 'node:child_process';" },
    { filename: SCRIPTS, code: "import { service } from '../electron/core/service';" },
    { filename: SCRIPTS, code: "import { contract } from '../shared/api/contract';" },

    // other paths are unrestricted
    { filename: OTHER, code: "import { app } from 'electron'; import fs from 'node:fs';" },
    { filename: OTHER, code: "import { App } from '../../renderer/src/App';" },
    { filename: at('electron.vite.config.ts'), code: "import { resolve } from 'node:path';" },
    // a sibling directory whose name merely starts with a layer name is not that layer
    { filename: at('shared-extra/x.ts'), code: "import fs from 'node:fs';" },
  ],

  invalid: [
    // shared/: Node built-ins, with and without the node: prefix, every import form
    {
      filename: SHARED,
      code: "import fs from 'node:fs';",
      errors: [
        {
          message:
            "shared/ must stay pure: it cannot import 'node:fs' (a Node built-in). Move Node code to electron/core/.",
        },
      ],
    },
    { filename: SHARED, code: "import { readFile } from 'fs';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import { readFile } from 'fs/promises';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import path from 'path';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import { test } from 'node:test';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import type { Stats } from 'node:fs';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import { type Stats } from 'fs';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "export * from 'node:crypto';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "export { randomUUID } from 'crypto';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "export type { Stats } from 'node:fs';", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "const os = await import('node:os');", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: 'const os = await import(`os`);', errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "const fs = require('fs');", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "import fs = require('node:fs');", errors: [{ messageId: 'sharedBuiltin' }] },
    { filename: SHARED, code: "type Stats = import('node:fs').Stats;", errors: [{ messageId: 'sharedBuiltin' }] },

    // shared/: Electron and Node-only packages
    {
      filename: SHARED,
      code: "import { ipcRenderer } from 'electron';",
      errors: [
        {
          message:
            "shared/ must stay pure: it cannot import 'electron' (Electron). Move Electron code to electron/main/ or electron/preload/.",
        },
      ],
    },
    { filename: SHARED, code: "import type { IpcMain } from 'electron';", errors: [{ messageId: 'sharedElectron' }] },
    { filename: SHARED, code: "import { ipcMain } from 'electron/main';", errors: [{ messageId: 'sharedElectron' }] },
    { filename: SHARED, code: "const { app } = require('electron');", errors: [{ messageId: 'sharedElectron' }] },
    { filename: SHARED, code: "import Database from 'better-sqlite3';", errors: [{ messageId: 'sharedNodePackage' }] },
    { filename: SHARED, code: "import type { Pool } from 'pg';", errors: [{ messageId: 'sharedNodePackage' }] },

    // shared/: relative imports that leave shared/
    {
      filename: SHARED,
      code: "import { db } from '../../electron/core/x';",
      errors: [
        {
          message:
            "shared/ must stay self-contained: '../../electron/core/x' resolves to electron/core/x, outside shared/. shared/ may import only other shared/ files and browser-safe npm packages.",
        },
      ],
    },
    {
      filename: at('shared/errors.ts'),
      code: "import { db } from '../electron/core/x';",
      errors: [{ messageId: 'sharedEscape', data: { source: '../electron/core/x', target: 'electron/core/x' } }],
    },
    { filename: SHARED, code: "import type { Props } from '../../renderer/src/App';", errors: [{ messageId: 'sharedEscape' }] },
    { filename: SHARED, code: "export * from '../../scripts/helpers';", errors: [{ messageId: 'sharedEscape' }] },
    { filename: SHARED, code: "const p = await import('../../package.json');", errors: [{ messageId: 'sharedEscape' }] },
    { filename: SHARED, code: "const t = require('../../tests/support/fixtures');", errors: [{ messageId: 'sharedEscape' }] },
    // escaping and coming back through a look-alike directory is still an escape
    { filename: SHARED, code: "import x from '../../shared-extra/x';", errors: [{ messageId: 'sharedEscape' }] },
    {
      filename: SHARED,
      code: "import { a } from 'node:fs';\nimport { b } from 'electron';\nimport { c } from '../../electron/main/c';",
      errors: [
        { messageId: 'sharedBuiltin', line: 1 },
        { messageId: 'sharedElectron', line: 2 },
        { messageId: 'sharedEscape', line: 3 },
      ],
    },

    // renderer/: Electron, Node built-ins, Node-only packages, anything under electron/
    {
      filename: RENDERER,
      code: "import { ipcRenderer } from 'electron';",
      errors: [
        {
          message:
            "renderer/ runs in the browser: it cannot import 'electron' (Electron). Talk to the main process through the preload bridge and the shared/api contract.",
        },
      ],
    },
    { filename: RENDERER, code: "import type { IpcRenderer } from 'electron';", errors: [{ messageId: 'rendererElectron' }] },
    { filename: RENDERER, code: "import fs from 'node:fs';", errors: [{ messageId: 'rendererBuiltin' }] },
    { filename: RENDERER, code: "import { join } from 'path';", errors: [{ messageId: 'rendererBuiltin' }] },
    { filename: RENDERER, code: "export * from 'node:events';", errors: [{ messageId: 'rendererBuiltin' }] },
    { filename: RENDERER, code: "const cp = await import('node:child_process');", errors: [{ messageId: 'rendererBuiltin' }] },
    { filename: RENDERER, code: "const os = require('os');", errors: [{ messageId: 'rendererBuiltin' }] },
    { filename: RENDERER, code: "import WebSocket from 'ws';", errors: [{ messageId: 'rendererNodePackage' }] },
    {
      filename: RENDERER,
      code: "import { api } from '../../../electron/preload/api';",
      errors: [
        {
          message:
            "renderer/ cannot import '../../../electron/preload/api': it resolves to electron/preload/api, and nothing under electron/ may be imported by the UI. Put code both sides need in shared/.",
        },
      ],
    },
    { filename: RENDERER, code: "import type { Service } from '../../../electron/core/service';", errors: [{ messageId: 'rendererElectronDir' }] },
    { filename: RENDERER, code: "export * from '../../../electron/main/ipc';", errors: [{ messageId: 'rendererElectronDir' }] },
    { filename: RENDERER, code: "const m = await import('../../../electron/core/service');", errors: [{ messageId: 'rendererElectronDir' }] },
    { filename: RENDERER, code: "const m = require('../../../electron/cli/ctb');", errors: [{ messageId: 'rendererElectronDir' }] },

    // electron/core/: no Electron, nothing from main/, preload/ or renderer/
    {
      filename: CORE,
      code: "import { app } from 'electron';",
      errors: [
        {
          message:
            "electron/core/ must not depend on Electron: it cannot import 'electron'. Keep core services plain Node (the CLI and tests use them); put Electron code in electron/main/.",
        },
      ],
    },
    { filename: CORE, code: "import type { BrowserWindow } from 'electron';", errors: [{ messageId: 'coreElectron' }] },
    { filename: CORE, code: "const { app } = require('electron');", errors: [{ messageId: 'coreElectron' }] },
    { filename: CORE, code: "const e = await import('electron');", errors: [{ messageId: 'coreElectron' }] },
    {
      filename: CORE,
      code: "import { mainWindow } from '../../main/window';",
      errors: [
        {
          message:
            "electron/core/ cannot import '../../main/window': it resolves to electron/main/window, and core services must not depend on electron/main/, electron/preload/ or renderer/. Move the shared piece into electron/core/ or shared/.",
        },
      ],
    },
    { filename: CORE, code: "import type { Bridge } from '../../preload/bridge';", errors: [{ messageId: 'coreUpward' }] },
    { filename: CORE, code: "export * from '../../../renderer/src/format';", errors: [{ messageId: 'coreUpward' }] },
    { filename: CORE, code: "const w = await import('../../main/window');", errors: [{ messageId: 'coreUpward' }] },
    { filename: CORE, code: "const w = require('../../preload/index');", errors: [{ messageId: 'coreUpward' }] },

    // electron/cli/ and scripts/: no Electron, nothing from renderer/
    {
      filename: CLI,
      code: "import { app } from 'electron';",
      errors: [
        {
          message:
            "electron/cli/ runs under plain Node: it cannot import 'electron' (Electron). Use the services in electron/core/ instead.",
        },
      ],
    },
    { filename: CLI, code: "import type { App } from 'electron';", errors: [{ messageId: 'toolElectron' }] },
    { filename: CLI, code: "import { format } from '../../renderer/src/format';", errors: [{ messageId: 'toolRenderer' }] },
    {
      filename: SCRIPTS,
      code: "const { app } = require('electron');",
      errors: [{ messageId: 'toolElectron', data: { layer: 'scripts/', source: 'electron' } }],
    },
    { filename: SCRIPTS, code: "const e = await import('electron');", errors: [{ messageId: 'toolElectron' }] },
    {
      filename: SCRIPTS,
      code: "export * from '../renderer/src/format';",
      errors: [
        {
          message:
            "scripts/ cannot import '../renderer/src/format': it resolves to renderer/src/format, and renderer/ code is for the UI only. Put shared logic in shared/ or electron/core/.",
        },
      ],
    },
    { filename: at('scripts/sub/tool.mjs'), code: "import x from '../../renderer/src/x.js';", errors: [{ messageId: 'toolRenderer' }] },
  ],
});

describe('eslint.config.js', () => {
  it('wires local/layers into the real config', { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: root });
    const code = "import { readFileSync } from 'node:fs';\n\nexport const read = (p: string): string => readFileSync(p, 'utf8');\n";
    const [result] = await eslint.lintText(code, { filePath: at('shared/fake.ts') });

    expect(result).toBeDefined();
    const layerErrors = result!.messages.filter((m) => m.ruleId === 'local/layers');
    expect(layerErrors).toHaveLength(1);
    expect(layerErrors[0]).toMatchObject({ severity: 2, line: 1 });
    expect(layerErrors[0]!.message).toContain("shared/ must stay pure: it cannot import 'node:fs'");
  });

  it('leaves the same import alone in electron/core/', { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: root });
    const code = "import { readFileSync } from 'node:fs';\n\nexport const read = (p: string): string => readFileSync(p, 'utf8');\n";
    const [result] = await eslint.lintText(code, { filePath: at('electron/core/fake.ts') });

    expect(result!.messages).toEqual([]);
  });
});
