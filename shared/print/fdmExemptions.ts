/**
 * Reader for the print-house exemption notice files (fdm-print-format.md, "Reading the exemption
 * notices"; sources.md section 3). Pure: give it the decoded text.
 */
import { findAccountLine, readNames, splitFdmBlocks, type FdmLine, type FdmProblem } from './fdmBlocks';

export type { FdmProblem } from './fdmBlocks';

export interface FdmExemption {
  /** Line the block starts on (its `----------` line). */
  line: number;
  account_number: string;
  lead_name: string;
  additional_names: string[];
  /** From `This property is in band X`, anywhere in a line; `''` if absent. */
  vo_band: string;
  /** One letter from `exempt class X` / `class X`, possibly across lines; `''` if absent. */
  exemption_class: string;
  /** `TRUNCATED`: no end-of-notice line (cut off); its readable fields are kept. */
  status: 'ok' | 'TRUNCATED';
}

export interface FdmExemptionsResult {
  notices: FdmExemption[];
  problems: FdmProblem[];
}

const BAND_SENTENCE = /This property is in band\s+([A-H])(?![A-Za-z])/i;
const EXEMPT_CLASS = /\bexempt\s+class\s+([A-Z])(?![A-Za-z])/i;
const CLASS_ONLY = /\bclass\s+([A-Z])(?![A-Za-z])/i;
const END = /This exemption will apply until the circumstances|this property has been made exempt/i;

function readNotice(blockLine: number, lines: FdmLine[], problems: FdmProblem[]): FdmExemption | null {
  const account = findAccountLine(lines);
  if (!account) {
    problems.push({
      line: blockLine,
      rule: 'UNREADABLE_NOTICE',
      message: 'notice block has no readable account line (3 + 7–8 digits, optional X, then the notice number)',
    });
    return null;
  }
  const names = readNames(lines, account.index);
  let vo_band = '';
  let status: FdmExemption['status'] = 'TRUNCATED';
  const body: string[] = [];
  for (let i = account.index + 1; i < lines.length; i++) {
    const text = lines[i].text;
    if (vo_band === '') {
      const m = BAND_SENTENCE.exec(text);
      if (m) vo_band = m[1].toUpperCase();
    }
    body.push(text);
    if (END.test(text)) {
      status = 'ok';
      break;
    }
  }
  // The class phrase often runs across lines: read the notice text as one run of words.
  const joined = body.join(' ').replace(/\s+/g, ' ');
  const cls = EXEMPT_CLASS.exec(joined) ?? CLASS_ONLY.exec(joined);
  return {
    line: blockLine,
    account_number: account.account,
    lead_name: names.lead,
    additional_names: names.additional,
    vo_band,
    exemption_class: cls ? cls[1].toUpperCase() : '',
    status,
  };
}

/** Parses a decoded exemption notice file. Blocks that cannot be read become problems. */
export function parseFdmExemptions(text: string): FdmExemptionsResult {
  const notices: FdmExemption[] = [];
  const problems: FdmProblem[] = [];
  for (const block of splitFdmBlocks(text)) {
    if (block.lines.length === 0) continue;
    if (!block.opened && block.lines.every((l) => l.text === '')) continue;
    const notice = readNotice(block.line, block.lines, problems);
    if (notice) notices.push(notice);
  }
  return { notices, problems };
}
