// Proposing the account a death entry belongs to (sources.md §8, EXPECTED.md "Deaths"). Pure.
//
// The rule: a proposal is made only when exactly one account has the entry's postcode (as its
// property or forwarding postcode) AND the entry's surname (the last word of its names) as lead
// liable surname, comparing both with case, spaces and punctuation ignored (accents are ignored
// too: "Ó Briain" = "O BRIAIN"). Weaker candidates are listed with a score for the officer:
//   1.0  postcode and surname (one of several such accounts, or the proposed one)
//   0.5  postcode only
//   0.3  surname only
// sorted by score (highest first), then account order; at most MAX_CANDIDATES. Only the rule
// above proposes.
//
// `createMatcher` indexes the accounts once (by postcode and by surname), so proposing is
// proportional to the accounts sharing the entry's postcode or surname, not to all accounts.
import { compareAccountNumbers } from '../values/accountNumber';
import type { DeathKeyFields } from './deathEntries';

export interface MatchAccount {
  account: string;
  /** Lead liable surname. */
  surname: string;
  /** Property postcode. */
  postcode: string;
  /** Forwarding postcode (may be empty). */
  forPostcode: string;
  /** Lead liable name as the officer should see it (becomes `account_matched_name`). */
  leadName: string;
}

export interface MatchCandidate {
  account: string;
  score: number;
  reasons: string[];
}

export interface MatchResult {
  proposal: { account: string; matchedName: string } | null;
  candidates: MatchCandidate[];
}

export type MatchEntry = Pick<DeathKeyFields, 'names' | 'address'>;

export const MAX_CANDIDATES = 10;
export const SCORE_BOTH = 1;
export const SCORE_POSTCODE = 0.5;
export const SCORE_SURNAME = 0.3;

/** Upper case, accents dropped, everything but letters and digits removed. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** A postcode compared without spaces or punctuation, upper case (`e9 3yz` → `E93YZ`). */
export function normalisePostcode(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

// UK postcode: outward code (A9, A9A, A99, AA9, AA9A, AA99) then inward code (9AA), the space
// between optional; must end the address (trailing spaces / punctuation allowed).
const POSTCODE_AT_END = /(?:^|[^A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})[\s.,;]*$/i;

/** The UK postcode at the end of an address, normalised (`E93YZ`), or null when there is none. */
export function postcodeOfAddress(address: string): string | null {
  const m = POSTCODE_AT_END.exec(address.trim());
  return m ? `${m[1]}${m[2]}`.toUpperCase() : null;
}

/** The entry's surname: the last word of its names, normalised; null when there is none. */
export function surnameOfNames(names: string): string | null {
  const words = names
    .trim()
    .split(/\s+/)
    .map(normaliseName)
    .filter((w) => w !== '');
  return words.length > 0 ? words[words.length - 1] : null;
}

export interface Matcher {
  propose(entry: MatchEntry): MatchResult;
}

/** Indexes the accounts once; `propose` then looks an entry up by postcode and surname. */
export function createMatcher(accounts: readonly MatchAccount[]): Matcher {
  // Account order: indices into `ordered` are ranks, so sorting candidates by index sorts them
  // in account order.
  const ordered = [...accounts].sort((a, b) => compareAccountNumbers(a.account, b.account));
  const byPostcode = new Map<string, number[]>();
  const bySurname = new Map<string, number[]>();
  const surnames: string[] = [];
  const add = (map: Map<string, number[]>, key: string, rank: number): void => {
    if (key === '') return;
    const list = map.get(key);
    if (!list) map.set(key, [rank]);
    else if (list[list.length - 1] !== rank) list.push(rank);
  };
  ordered.forEach((a, rank) => {
    add(byPostcode, normalisePostcode(a.postcode), rank);
    const forwarding = normalisePostcode(a.forPostcode);
    if (forwarding !== normalisePostcode(a.postcode)) add(byPostcode, forwarding, rank);
    surnames.push(normaliseName(a.surname));
    add(bySurname, surnames[rank], rank);
  });

  return {
    propose(entry: MatchEntry): MatchResult {
      const postcode = postcodeOfAddress(entry.address);
      const surname = surnameOfNames(entry.names);
      const postcodeRanks = postcode ? (byPostcode.get(postcode) ?? []) : [];
      const surnameRanks = surname ? (bySurname.get(surname) ?? []) : [];

      // Accounts at the postcode are few, so test their surnames directly.
      const both: number[] = [];
      const postcodeOnly: number[] = [];
      for (const r of postcodeRanks) (surname !== null && surnames[r] === surname ? both : postcodeOnly).push(r);

      const reasonsFor = (rank: number, score: number): string[] => {
        const a = ordered[rank];
        const reasons: string[] = [];
        if (score !== SCORE_SURNAME) {
          const onProperty = normalisePostcode(a.postcode) === postcode;
          reasons.push(onProperty ? `property postcode ${a.postcode.trim()}` : `forwarding postcode ${a.forPostcode.trim()}`);
        }
        if (score !== SCORE_POSTCODE) reasons.push(`lead liable surname ${a.surname.trim()}`);
        return reasons;
      };

      const candidates: MatchCandidate[] = [];
      const take = (ranks: readonly number[], score: number): void => {
        for (const r of ranks) {
          if (candidates.length >= MAX_CANDIDATES) return;
          candidates.push({ account: ordered[r].account, score, reasons: reasonsFor(r, score) });
        }
      };
      take(both, SCORE_BOTH);
      take(postcodeOnly, SCORE_POSTCODE);
      if (candidates.length < MAX_CANDIDATES) {
        const postcodeSet = new Set(postcodeRanks);
        // Only as many surname-only accounts as can still be listed: a common surname can have
        // thousands of accounts, and they are already in account order.
        const surnameOnly: number[] = [];
        for (const r of surnameRanks) {
          if (surnameOnly.length >= MAX_CANDIDATES - candidates.length) break;
          if (!postcodeSet.has(r)) surnameOnly.push(r);
        }
        take(surnameOnly, SCORE_SURNAME);
      }

      // "Exactly one account": the same account given twice still counts once.
      const bothAccounts = new Set(both.map((r) => ordered[r].account));
      const proposal = bothAccounts.size === 1 ? { account: ordered[both[0]].account, matchedName: ordered[both[0]].leadName } : null;
      return { proposal, candidates };
    },
  };
}

/** One-off proposal; for many entries build the index once with `createMatcher`. */
export function proposeMatch(entry: MatchEntry, accounts: readonly MatchAccount[]): MatchResult {
  return createMatcher(accounts).propose(entry);
}
