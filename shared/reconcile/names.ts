// The NAME_FDM comparison (billing-rules.md, "Reconciliation checks"): the lead name printed on
// the 2020 print-file bill must match the account's lead name either as "name lastname"
// (`lead_liable_name` then `lead_liable_lastname`) or as "title … surname" (the bill name
// starts with `lead_liable_title` and ends with `lead_liable_surname`, anything — or nothing —
// in between). Case, spacing and punctuation are ignored; accents are ignored too (`Inès` =
// `INES`), as the death-list matching does.

export interface AccountLeadName {
  title: string | null;
  surname: string | null;
  name: string | null;
  lastname: string | null;
}

/** Upper case, accents dropped, only letters and digits kept. */
export function normaliseNamePart(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The words of a name, each normalised, empty ones dropped (`O'Sample` → `OSAMPLE`). */
export function nameWords(s: string): string[] {
  return s
    .split(/\s+/)
    .map(normaliseNamePart)
    .filter((w) => w !== '');
}

/** Number of leading words of `words` whose letters are exactly `target`, or -1 when none do. */
function prefixWords(words: string[], target: string): number {
  let acc = '';
  for (let i = 0; i < words.length; i++) {
    acc += words[i];
    if (acc === target) return i + 1;
    if (!target.startsWith(acc)) return -1;
  }
  return -1;
}

function suffixWords(words: string[], target: string): number {
  let acc = '';
  for (let i = words.length - 1; i >= 0; i--) {
    acc = words[i] + acc;
    if (acc === target) return words.length - i;
    if (!target.endsWith(acc)) return -1;
  }
  return -1;
}

/** True when `billName` matches the account as "name lastname" or as "title … surname". */
export function leadNameMatches(billName: string | null, account: AccountLeadName): boolean {
  const words = nameWords(billName ?? '');
  if (words.length === 0) return false;
  const joined = words.join('');
  const nameLastname = normaliseNamePart(`${account.name ?? ''}${account.lastname ?? ''}`);
  if (nameLastname !== '' && joined === nameLastname) return true;
  const title = normaliseNamePart(account.title ?? '');
  const surname = normaliseNamePart(account.surname ?? '');
  if (title === '' || surname === '') return false;
  const t = prefixWords(words, title);
  if (t < 0) return false;
  const s = suffixWords(words, surname);
  return s >= 0 && t + s <= words.length;
}
