// The Help screen's Markdown reader: the subset the user guide is written in, GitHub-style
// anchors, and links that are safe to follow (anything else becomes plain text).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, plainText, safeHref, slugify, tableOfContents, type Block } from '../../../shared/help/markdown';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

describe('inline Markdown', () => {
  it('reads bold, emphasis, code and links', () => {
    expect(parseInline('Select **Back up** then `C:\\Billing` and *check* [it](#backup).')).toEqual([
      { kind: 'text', text: 'Select ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'Back up' }] },
      { kind: 'text', text: ' then ' },
      { kind: 'code', text: 'C:\\Billing' },
      { kind: 'text', text: ' and ' },
      { kind: 'em', children: [{ kind: 'text', text: 'check' }] },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: '#backup', external: false, children: [{ kind: 'text', text: 'it' }] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps markup-looking text as text (React escapes it when it renders)', () => {
    expect(parseInline('<img src=x onerror=alert(1)> & "quotes"')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)> & "quotes"' }]);
  });

  it('drops links that are not safe to follow, keeping their words', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ kind: 'text', text: 'click' }]);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([{ kind: 'text', text: 'x' }]);
    expect(safeHref('https://www.gov.uk/council-tax')).toEqual({ href: 'https://www.gov.uk/council-tax', external: true });
    expect(safeHref('mailto:revenues@example.gov.uk')).toEqual({ href: 'mailto:revenues@example.gov.uk', external: true });
    expect(safeHref('#what-to-do')).toEqual({ href: '#what-to-do', external: false });
    expect(safeHref('JavaScript:alert(1)')).toBeNull();
    expect(safeHref('file:///etc/passwd')).toBeNull();
  });

  it('leaves underscores inside words and lone asterisks alone', () => {
    expect(plainText(parseInline('file_name_here and 5 * 3'))).toBe('file_name_here and 5 * 3');
    expect(plainText(parseInline('an unclosed **bold'))).toBe('an unclosed **bold');
    expect(plainText(parseInline('a \\*literal\\* star'))).toBe('a *literal* star');
  });
});

describe('block Markdown', () => {
  const doc = [
    '# Guide',
    '',
    'Intro line one',
    'continues here.',
    '',
    '## Open a workspace',
    '',
    '1. Select **Workspace**.',
    '2. Choose a file',
    '   that wraps.',
    '',
    '- one',
    '- two',
    '',
    '| State | Meaning |',
    '|---|---|',
    '| Open | nobody has dealt with it \\| yet |',
    '| Fixed |',
    '',
    '![The Workspace screen](images/workspace.png)',
    '',
    '## Open a workspace',
    '### What’s new? (2021/22)',
    '```',
    'npm run ctb -- runs',
    '```',
  ].join('\n');
  const blocks = parseMarkdown(doc);

  it('reads headings, paragraphs, lists, tables, images and code', () => {
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'list', 'list', 'table', 'image', 'heading', 'heading', 'code']);
    expect(blocks[1]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: 'Intro line one continues here.' }] });
    const numbered = blocks[3] as Extract<Block, { kind: 'list' }>;
    expect(numbered.ordered).toBe(true);
    expect(numbered.items.map(plainText)).toEqual(['Select Workspace.', 'Choose a file that wraps.']);
    expect((blocks[4] as Extract<Block, { kind: 'list' }>).ordered).toBe(false);
    const table = blocks[5] as Extract<Block, { kind: 'table' }>;
    expect(table.header.map(plainText)).toEqual(['State', 'Meaning']);
    expect(table.rows.map((r) => r.map(plainText))).toEqual([
      ['Open', 'nobody has dealt with it | yet'],
      ['Fixed', ''],
    ]);
    expect(blocks[6]).toEqual({ kind: 'image', alt: 'The Workspace screen', src: 'images/workspace.png' });
    expect(blocks[9]).toEqual({ kind: 'code', text: 'npm run ctb -- runs' });
  });

  it('gives headings unique GitHub-style ids', () => {
    const ids = blocks.filter((b) => b.kind === 'heading').map((b) => (b as Extract<Block, { kind: 'heading' }>).id);
    expect(ids).toEqual(['guide', 'open-a-workspace', 'open-a-workspace-1', 'whats-new-202122']);
    expect(slugify('What to do when something goes wrong')).toBe('what-to-do-when-something-goes-wrong');
  });

  it('lists the level-2 headings as the contents', () => {
    expect(tableOfContents(blocks)).toEqual([
      { id: 'open-a-workspace', text: 'Open a workspace' },
      { id: 'open-a-workspace-1', text: 'Open a workspace' },
    ]);
  });
});

describe('the user guide', () => {
  const guide = parseMarkdown(fs.readFileSync(path.join(root, 'docs', 'user-guide.md'), 'utf8'));
  const headings = guide.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading');

  it('has one title and the sections an officer needs', () => {
    expect(headings.filter((h) => h.level === 1)).toHaveLength(1);
    expect(tableOfContents(guide).map((c) => c.text)).toEqual(
      expect.arrayContaining(['Workspaces', 'Importing files', 'Findings and how to deal with them', 'Running the bills', 'Backup and hand-over', 'What to do when something goes wrong']),
    );
  });

  it('links only to sections that exist', () => {
    const ids = new Set(headings.map((h) => h.id));
    const links: string[] = [];
    const walk = (nodes: ReturnType<typeof parseInline>) =>
      nodes.forEach((n) => {
        if (n.kind === 'link') links.push(n.href);
        if (n.kind === 'strong' || n.kind === 'em' || n.kind === 'link') walk(n.children);
      });
    for (const b of guide) {
      if (b.kind === 'paragraph' || b.kind === 'heading') walk(b.children);
      if (b.kind === 'list') b.items.forEach(walk);
      if (b.kind === 'table') [b.header, ...b.rows].forEach((row) => row.forEach(walk));
    }
    expect(links.length).toBeGreaterThan(0);
    for (const l of links.filter((h) => h.startsWith('#'))) expect(ids.has(l.slice(1)), l).toBe(true);
  });

  it('names its screenshots images/<screen>.png', () => {
    const images = guide.filter((b): b is Extract<Block, { kind: 'image' }> => b.kind === 'image');
    expect(images.length).toBeGreaterThan(5);
    for (const img of images) {
      expect(img.src).toMatch(/^images\/[\w-]+\.png$/);
      expect(img.alt.length).toBeGreaterThan(5);
    }
  });
});
