import { Fragment, useEffect, type MouseEvent, type ReactNode } from 'react';
import guideText from '../../../docs/user-guide.md?raw';
import { useApp } from '../lib/appContext';
import { parseMarkdown, tableOfContents, type Block, type Inline } from '../../../shared/help/markdown';
import { useFocusOnShow } from '../lib/useFocusOnShow';

// The user guide (docs/user-guide.md), bundled with the app and shown as it is written, with
// a table of contents. The Markdown becomes React elements (never an HTML string), so the
// guide's text is always escaped. Screenshots are shown when docs/images/ has them
// (scripts/copy-guide-screenshots.mjs copies them there from the end-to-end tests).

const GUIDE = parseMarkdown(guideText);
const CONTENTS = tableOfContents(GUIDE);
const SCREENSHOTS = import.meta.glob<string>('../../../docs/images/*.png', { eager: true, query: '?url', import: 'default' });

/** Ids in the guide are prefixed so they cannot clash with the rest of the app's. */
const anchorId = (id: string) => `help-${id}`;

/** The bundled URL of a screenshot the guide names (`images/<name>.png`), if the app has it. */
function screenshotUrl(src: string): string | null {
  const m = /^(?:\.\/)?images\/([\w.-]+\.png)$/.exec(src);
  return m ? (SCREENSHOTS[`../../../docs/images/${m[1]}`] ?? null) : null;
}

/** Moves to a section of the guide: scrolls it into view and gives its heading focus. */
function goToSection(id: string): boolean {
  const target = document.getElementById(anchorId(id));
  if (!target) return false;
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
  return true;
}

function onAnchorClick(ev: MouseEvent<HTMLAnchorElement>, id: string) {
  if (goToSection(id)) ev.preventDefault();
}

function renderInline(nodes: Inline[]): ReactNode {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return <Fragment key={i}>{n.text}</Fragment>;
      case 'strong':
        return <strong key={i}>{renderInline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.children)}</em>;
      case 'code':
        return (
          <code key={i} className="code">
            {n.text}
          </code>
        );
      case 'link':
        if (!n.external) {
          const id = n.href.slice(1);
          return (
            <a key={i} href={`#${anchorId(id)}`} onClick={(e) => onAnchorClick(e, id)}>
              {renderInline(n.children)}
            </a>
          );
        }
        return (
          <a key={i} href={n.href} target="_blank" rel="noreferrer noopener">
            {renderInline(n.children)}
            <span className="visually-hidden"> (opens in a new window)</span>
          </a>
        );
    }
  });
}

const HEADING_CLASS = { 2: 'heading-m help-guide__section', 3: 'heading-s', 4: 'heading-s' } as const;

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.kind) {
    case 'heading': {
      if (block.level === 1) return null; // the screen's own heading
      const Tag = `h${block.level}` as 'h2' | 'h3' | 'h4';
      return (
        <Tag key={key} id={anchorId(block.id)} className={HEADING_CLASS[block.level]} tabIndex={-1}>
          {renderInline(block.children)}
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p key={key} className="body">
          {renderInline(block.children)}
        </p>
      );
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{renderInline(item)}</li>);
      return block.ordered ? (
        <ol key={key} className="list list--number">
          {items}
        </ol>
      ) : (
        <ul key={key} className="list list--bullet">
          {items}
        </ul>
      );
    }
    case 'table':
      return (
        <div key={key} className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {block.header.map((h, i) => (
                  <th key={i} scope="col">
                    {renderInline(h)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{renderInline(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'image': {
      const url = screenshotUrl(block.src);
      if (!url) return null;
      return (
        <figure key={key} className="help-figure">
          <img src={url} alt={block.alt} loading="lazy" className="help-figure__image" />
        </figure>
      );
    }
    case 'code':
      return (
        <pre key={key} className="help-code">
          <code>{block.text}</code>
        </pre>
      );
  }
}

export function HelpScreen() {
  const { params } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>();
  const title = GUIDE.find((b) => b.kind === 'heading' && b.level === 1);

  // Opened on a section (navigate('help', { code: 'backup-and-hand-over' })): go straight there.
  useEffect(() => {
    if (params.code) goToSection(params.code);
  }, [params.code]);

  return (
    <section aria-labelledby="help-heading" data-testid="help-screen" className="help-guide">
      <h1 className="heading-l" id="help-heading" ref={heading} tabIndex={-1}>
        {title?.kind === 'heading' ? renderInline(title.children) : 'Help'}
      </h1>
      <nav className="help-contents" aria-labelledby="help-contents-heading" data-testid="help-contents">
        <h2 className="heading-s help-contents__title" id="help-contents-heading">
          Contents
        </h2>
        <ul className="help-contents__list">
          {CONTENTS.map((c) => (
            <li key={c.id} className="help-contents__item">
              <a href={`#${anchorId(c.id)}`} onClick={(e) => onAnchorClick(e, c.id)}>
                {c.text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div data-testid="help-guide">{GUIDE.map(renderBlock)}</div>
    </section>
  );
}
