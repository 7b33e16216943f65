// The two lowest layers of an import: what kind of file it is (sniffFile) and how it splits
// into records with the line numbers officers need (readCsvRecords).
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvRecord } from '../../electron/core/import/csvRecords';
import { decodedText, describeEncoding, sniffFile } from '../../electron/core/import/fileSniff';
import { encodeWindows1252 } from '../fixtures/accountsFixture';
import { tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-files-');
afterAll(() => tmp.cleanup());
let n = 0;
const write = (content: string | Buffer) => {
  const file = tmp.file(`f${++n}.csv`);
  fs.writeFileSync(file, content);
  return file;
};

async function records(content: string | Buffer, options: Parameters<typeof readCsvRecords>[3] = {}): Promise<CsvRecord[]> {
  const file = write(content);
  const facts = await sniffFile(file, 'test.csv');
  const out: CsvRecord[] = [];
  await readCsvRecords(file, facts, (r) => out.push(r), options);
  return out;
}

describe('sniffFile', () => {
  it.each([
    ['UTF-8', Buffer.from('a,b\r\n£1,2\r\n', 'utf8'), { encoding: 'utf-8', bom: false, lineEnding: 'CRLF' }, 'UTF-8'],
    ['UTF-8 with BOM', Buffer.from('\ufeffa,b\n£1,2\n', 'utf8'), { encoding: 'utf-8', bom: true, lineEnding: 'LF' }, 'UTF-8 with BOM'],
    ['Windows-1252', encodeWindows1252('a,b\r\n£1,Zoë\r\n'), { encoding: 'windows-1252', bom: false, lineEnding: 'CRLF' }, 'Windows-1252'],
    ['plain ASCII, CR line ends', Buffer.from('a,b\r1,2\r'), { encoding: 'utf-8', lineEnding: 'CR' }, 'UTF-8'],
    ['one line without a line end', Buffer.from('a,b'), { encoding: 'utf-8', lineEnding: 'none' }, 'UTF-8'],
  ])('%s', async (_name, bytes, expected, label) => {
    const file = write(bytes);
    const facts = await sniffFile(file, 'x.csv');
    expect(facts).toMatchObject({ ...expected, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(describeEncoding(facts)).toBe(label);
  });

  it('keeps a UTF-8 character split across two read chunks as UTF-8', async () => {
    const pad = 'x'.repeat(256 * 1024 - 1); // `£` (C2 A3) straddles the 256 KiB chunk boundary
    const file = write(Buffer.from(`a,b\n${pad.slice(4)}£,1\n`, 'utf8'));
    expect((await sniffFile(file, 'x.csv')).encoding).toBe('utf-8');
  });

  it('takes the line ending most lines use', async () => {
    const facts = await sniffFile(write('a\r\nb\r\nc\nd\r\n'), 'x.csv');
    expect(facts.lineEnding).toBe('CRLF');
  });

  it.each([
    ['empty', '', /x\.csv is empty/],
    ['binary', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), /x\.csv is not a text file/],
  ])('refuses a %s file as FILE_UNREADABLE', async (_name, content, message) => {
    await expect(sniffFile(write(content), 'x.csv')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(message) });
  });

  it('refuses a missing file and a folder as FILE_UNREADABLE', async () => {
    await expect(sniffFile(tmp.file('missing.csv'), 'missing.csv')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('missing.csv') });
    await expect(sniffFile(tmp.dir, 'folder')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('not a file') });
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sniffFile(write('a,b\n'), 'x.csv', ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('decodedText', () => {
  it('decodes Windows-1252 and drops a UTF-8 byte-order mark', async () => {
    for (const bytes of [encodeWindows1252('£1,Zoë\r\n'), Buffer.from('\ufeff£1,Zoë\r\n', 'utf8')]) {
      const file = write(bytes);
      const facts = await sniffFile(file, 'x.csv');
      let text = '';
      for await (const chunk of decodedText(file, facts)) text += chunk;
      expect(text).toBe('£1,Zoë\r\n');
    }
  });
});

describe('readCsvRecords', () => {
  it('numbers lines from 1 with CRLF as one line end, and Excel rows by record', async () => {
    const recs = await records('h1,h2\r\na,b\r\n"multi\r\nline",c\r\n\r\nd,e\r\n');
    expect(recs.map((r) => [r.line, r.excelRow, r.fields])).toEqual([
      [1, 1, ['h1', 'h2']],
      [2, 2, ['a', 'b']],
      [3, 3, ['multi\r\nline', 'c']],
      [5, 4, ['']],
      [6, 5, ['d', 'e']],
    ]);
  });

  it('splits LF and CR files the same way', async () => {
    const lf = await records('h1,h2\na,"b,c"\nd,e\n');
    const cr = await records('h1,h2\ra,"b,c"\rd,e\r');
    for (const recs of [lf, cr]) expect(recs.filter((r) => r.fields.join('') !== '').map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a', 'b,c']],
      [3, ['d', 'e']],
    ]);
  });

  it('keeps doubled quotes and spaces inside quotes', async () => {
    const recs = await records('a,b\r\n"The ""Old"" Rectory"," padded "\r\n');
    expect(recs[1].fields).toEqual(['The "Old" Rectory', ' padded ']);
  });

  it('marks a record whose quote never closes', async () => {
    const recs = await records('a,b\r\n1,2\r\n3,"open\r\n5,6\r\n');
    expect(recs[2].line).toBe(3);
    expect(recs[2].problem).toMatch(/never closed/);
    expect(recs[1].problem).toBeUndefined();
  });

  it('stops after maxRecords', async () => {
    const recs = await records('a\n1\n2\n3\n4\n', { maxRecords: 2 });
    expect(recs.map((r) => r.fields[0])).toEqual(['a', '1']);
  });

  it('stops when the signal aborts, reporting it', async () => {
    const file = write(`a,b\n${'1,2\n'.repeat(200_000)}`);
    const facts = await sniffFile(file, 'x.csv');
    const ac = new AbortController();
    let seen = 0;
    const result = await readCsvRecords(
      file,
      facts,
      () => {
        if (++seen === 10) ac.abort();
      },
      { signal: ac.signal },
    );
    expect(result.aborted).toBe(true);
    expect(seen).toBeLessThan(200_001);
  });

  it('rejects with the error thrown by the record callback', async () => {
    const file = write('a\n1\n2\n');
    const facts = await sniffFile(file, 'x.csv');
    await expect(
      readCsvRecords(file, facts, (r) => {
        if (r.fields[0] === '1') throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
  });

  it('reports bytes read for progress, ending at the file size', async () => {
    const file = write(`a,b\n${'1,2\n'.repeat(100_000)}`);
    const facts = await sniffFile(file, 'x.csv');
    const bytes: number[] = [];
    await readCsvRecords(file, facts, () => {}, { onBytes: (b) => bytes.push(b) });
    expect(bytes.length).toBeGreaterThan(1);
    expect(bytes.at(-1)).toBe(facts.size);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  });
});
