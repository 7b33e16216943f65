// Plain-English names for the billing profiles, exclusion reasons and cross-source checks,
// shared by the dashboard, the account view and the checks screen (billing-rules.md).

export const PROFILE_LABELS: Record<string, string> = {
  DD100: 'Direct debit, full charge',
  DD75: 'Direct debit, single person discount',
  CASH100: 'Cash, full charge',
  CASH75: 'Cash, single person discount',
  CASH100_PAID: 'Cash, full charge, 2020/21 paid in full',
  CASH75_PAID: 'Cash, single person discount, 2020/21 paid in full',
  CASH100_MOVED_IN: 'Cash, full charge, moved in during 2020/21',
  CASH75_MOVED_IN: 'Cash, single person discount, moved in during 2020/21',
};

export const EXCLUSION_LABELS: Record<string, string> = {
  CTR: 'Council tax reduction',
  DECEASED: 'Account holder has died',
  EXEMPT: 'Exempt property',
  RETURNED_DD: 'Direct debit returned',
  ADDACS: 'Direct debit cancelled (ADDACS)',
  PREMIUM: 'Empty homes premium',
  OTHER_DISCOUNT: 'Other discount',
  NO_DD_DATA: 'No direct-debit data',
  DD_NOT_TAKEN: 'Direct debit not taken',
  DD_DISCREPANCY: 'Direct-debit difference over tolerance',
  DD_ON_CASH_ACCOUNT: 'Direct debit on a cash account',
  CASH_DISCREPANCY: 'Cash payments do not match',
  UNKNOWN_METHOD: 'Unknown payment method',
  NO_BAND: 'No band or band breakdown',
  NO_ADDRESS: 'No usable address',
  MANUAL: 'Excluded by an officer',
  ALREADY_BILLED: 'Already billed in an approved run',
};

export interface CheckInfo {
  title: string;
  description: string;
}

/** The cross-source checks, in the order billing-rules.md lists them, plus returned direct debits. */
export const CHECKS: Record<string, CheckInfo> = {
  BAND_FDM: { title: 'Band differs from the 2020 bill', description: "The account's band differs from the band on its March 2020 print-house bill." },
  BAND_FDM_EXEMPT: { title: 'Band differs from the exemption notice', description: "The account's band differs from the band on its March 2020 exemption notice." },
  BAND_VO: { title: 'Band differs from the Valuation Office', description: "The account's band differs from the Valuation Office band for the same property." },
  NAME_FDM: { title: 'Name differs from the 2020 bill', description: "The lead liable name in the accounts does not match the lead name on the 2020 bill." },
  CTR_NOT_IN_FDM: { title: 'Reduction not on the 2020 bill', description: 'A working-age council tax reduction for an account whose 2020 bill shows no reduction.' },
  ORPHAN: { title: 'Account not in the accounts file', description: 'A row in another file for an account that is not in the Academy accounts.' },
  DUPLICATE: { title: 'Account more than once', description: 'An account twice in a file where it should be once, or in two print runs.' },
  DEATH_UNMATCHED: { title: 'Death not decided', description: 'A death entry not yet confirmed to an account or marked not found.' },
  BREAKDOWN_RATIO: { title: 'Band breakdown out of ratio', description: 'A band breakdown amount that breaks the legal band ratios to band D.' },
  ESTIMATE_DIFF: { title: 'Bill differs from the estimate', description: "A bill's net amount differs from the estimated 2021/22 charge by more than the limit." },
  RETURNED_DD: { title: 'Returned direct debits', description: 'Accounts whose direct debit was returned or cancelled (ADDACS); they are billed as cash and excluded from this run.' },
};

export const CHECK_CODES = Object.keys(CHECKS);

export function profileLabel(id: string): string {
  return PROFILE_LABELS[id] ?? id;
}

export function exclusionLabel(code: string): string {
  return EXCLUSION_LABELS[code] ?? code;
}
