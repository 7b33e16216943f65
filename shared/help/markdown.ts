// A small Markdown reader for the user guide shown on the Help screen. It understands the
// subset the guide is written in: headings, paragraphs, bulleted and numbered lists, tables,
// images on a line of their own, **bold**, *emphasis*, `code` and [links](#anchor).
//
// It produces a tree of plain objects, never HTML: the Help screen turns the tree into React
// elements, so text is always escaped by React and nothing in the guide can inject markup.
// Links are kept only when they are in-page anchors or http(s)/mailto addresses.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; external: boolean; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; id: string; text: string; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'image'; src: string; alt: string }
  | { kind: 'code'; text: string };

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The href a link may have, or null when it is not safe to follow (javascript:, data:, …). */
export function safeHref(href: string): { href: string; external: boolean } | null {
  const h = href.trim();
  if (/^#[\w-]*$/.test(h)) return { href: h, external: false };
  if (/^(https?:\/\/|mailto:)[^\s"'<>]+$/i.test(h)) return { href: h, external: true };
  return null;
}

/** The words of inline content, for headings' ids and a table of contents. */
export function plainText(nodes: Inline[]): string {
  return nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : plainText(n.children))).join('');
}

/** Inline Markdown: `code`, **strong**, *em* or _em_, [text](href), backslash escapes. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && /[\\`*_[\]()#!|-]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ kind: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (c === '*' && src[i + 1] === '*') {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(src.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && src[i + 1] !== c && src[i + 1] !== ' ' && (i === 0 || /[\s(]/.test(src[i - 1]))) {
      const end = src.indexOf(c, i + 1);
      if (end > i + 1 && src[end - 1] !== ' ') {
        flush();
        out.push({ kind: 'em', children: parseInline(src.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      // The href may hold one level of balanced brackets, as in javascript:alert(1).
      const m = /^\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/.exec(src.slice(i));
      if (m) {
        flush();
        const safe = safeHref(m[2]);
        const children = parseInline(m[1]);
        if (safe) out.push({ kind: 'link', href: safe.href, external: safe.external, children });
        else out.push(...children);
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (row[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  cells.push(cell.trim());
  return cells;
}

const HEADING = /^(#{1,4})\s+(.+?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * Block Markdown. Heading ids are unique: a repeated heading gets `-1`, `-2`, … as GitHub
 * does, so in-page links written for GitHub work here too.
 */
export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const used = new Map<string, number>();
  const uniqueId = (text: string) => {
    const base = slugify(text) || 'section';
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
  let i = 0;
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
  const startsBlock = (l: string, next: string | undefined) =>
    HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || IMAGE.test(l.trim()) || l.trim().startsWith('```') || (l.trim().startsWith('|') && next !== undefined && TABLE_RULE.test(next));

  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const trimmed = line.trim();

    if (trimmed.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith('```')) body.push(lines[i++]);
      i++; // the closing fence
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const children = parseInline(heading[2]);
      const text = plainText(children);
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3 | 4, id: uniqueId(text), text, children });
      i++;
      continue;
    }

    const image = IMAGE.exec(trimmed);
    if (image) {
      blocks.push({ kind: 'image', alt: image[1], src: image[2] });
      i++;
      continue;
    }

    if (trimmed.startsWith('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
      const header = splitRow(line).map(parseInline);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && lines[i].trim().startsWith('|')) {
        const cells = splitRow(lines[i]);
        while (cells.length < header.length) cells.push('');
        rows.push(cells.slice(0, header.length).map(parseInline));
        i++;
      }
      blocks.push({ kind: 'table', header, rows });
      continue;
    }

    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const pattern = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i];
        const m = pattern.exec(l);
        if (m) {
          items.push(m[1]);
          i++;
        } else if (!isBlank(l) && /^\s+/.test(l) && items.length > 0) {
          items[items.length - 1] += ` ${l.trim()}`; // an item's continuation line
          i++;
        } else break;
      }
      blocks.push({ kind: 'list', ordered, items: items.map(parseInline) });
      continue;
    }

    // A paragraph runs to a blank line or the start of another block.
    const para: string[] = [trimmed];
    i++;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i], lines[i + 1])) para.push(lines[i++].trim());
    blocks.push({ kind: 'paragraph', children: parseInline(para.join(' ')) });
  }
  return blocks;
}

/** The sections of a guide for its table of contents: its level-2 headings. */
export function tableOfContents(blocks: Block[]): { id: string; text: string }[] {
  return blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2).map((b) => ({ id: b.id, text: b.text }));
}
