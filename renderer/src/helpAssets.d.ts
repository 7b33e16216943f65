// Types for the two Vite features the Help screen uses: a Markdown file imported as text
// (`?raw`) and the guide's screenshots found at build time (`import.meta.glob`). The renderer
// does not load `vite/client`'s types (tsconfig.web.json has `types: []`); if it ever does,
// delete this file, which declares the same two things.

declare module '*.md?raw' {
  const text: string;
  export default text;
}

interface ImportMeta {
  glob<T = unknown>(pattern: string | string[], options: { eager: true; query?: string; import?: string }): Record<string, T>;
}
