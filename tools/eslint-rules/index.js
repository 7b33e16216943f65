// Local ESLint plugin, registered as `local` in eslint.config.js.
import layers from './layers.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'local' },
  rules: { layers },
};

export default plugin;
