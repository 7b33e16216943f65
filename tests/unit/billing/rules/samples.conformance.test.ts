import { describe, expect, it } from 'vitest';
import { billAmounts, estimateDiffers, formatHundredths } from '../../../../shared/billing/rules/amounts';
import { assignBillNumbers } from '../../../../shared/billing/rules/billNumbers';
import { breakdownFor } from '../../../../shared/billing/rules/breakdown';
import { classify, isProfiled } from '../../../../shared/billing/rules/classify';
import { instalmentCount, splitInstalments } from '../../../../shared/billing/rules/instalments';
import { DEFAULT_SETTINGS_2021_22 } from '../../../../shared/billing/rules/settings';
import type { AccountInput } from '../../../../shared/billing/rules/accountInput';
import type { BandBreakdown } from '../../../../shared/billing/rules/breakdown';
import { compareAccountNumbers } from '../../../../shared/values/accountNumber';
import { HAS_SAMPLES, readBreakdown, readCsv, readText, sampleInputs } from './sampleInputs';

const settings = DEFAULT_SETTINGS_2021_22;

function outcomes(inputs: AccountInput[], breakdown: BandBreakdown) {
  return inputs.map((input) => ({ input, result: classify(input, settings, breakdown) }));
}

function bills(inputs: AccountInput[], breakdown: BandBreakdown) {
  const profiled = outcomes(inputs, breakdown).filter((o) => isProfiled(o.result));
  const numbers = new Map(assignBillNumbers(profiled.map((o) => o.input.accountNumber), 1).map((n) => [n.accountNumber, n.seq]));
  return profiled
    .sort((a, b) => compareAccountNumbers(a.input.accountNumber, b.input.accountNumber))
    .map(({ input, result }) => {
      if (!isProfiled(result)) throw new Error('unreachable');
      const recipients = breakdownFor(input.band, breakdown);
      if (recipients === null) throw new Error(`${input.accountNumber}: no breakdown`);
      const amounts = billAmounts(recipients, result.template);
      const split = splitInstalments(amounts.net, instalmentCount(result.template, settings));
      return { input, result, amounts, split, seq: numbers.get(input.accountNumber) ?? 0 };
    });
}

describe.runIf(HAS_SAMPLES)('billing rules against the shared samples', () => {
  const inputs = HAS_SAMPLES ? sampleInputs() : [];
  const breakdown = HAS_SAMPLES ? readBreakdown('expected/staged/vo_bands_breakdown.csv') : new Map();

  it('gives every account its expected profile or exclusions (expected/profiles.csv)', () => {
    const expected = readCsv('expected/profiles.csv');
    const actual = outcomes(inputs, breakdown)
      .sort((a, b) => compareAccountNumbers(a.input.accountNumber, b.input.accountNumber))
      .map(({ input, result }) => ({
        account: input.accountNumber,
        profile: isProfiled(result) ? result.profile : '',
        exclusions: isProfiled(result) ? '' : result.exclusions.map((e) => e.code).join(';'),
      }));
    expect(actual).toEqual(expected.map((r) => ({ account: r.account, profile: r.profile, exclusions: r.exclusions })));
  });

  it('matches the counts of summary.json', () => {
    const summary = JSON.parse(readText('expected/summary.json')) as {
      profiles: Record<string, number>;
      exclusions_required: Record<string, number>;
    };
    const profiles: Record<string, number> = Object.fromEntries(Object.keys(summary.profiles).map((k) => [k, 0]));
    const reasons: Record<string, number> = Object.fromEntries(Object.keys(summary.exclusions_required).map((k) => [k, 0]));
    for (const { result } of outcomes(inputs, breakdown)) {
      if (isProfiled(result)) profiles[result.profile] += 1;
      else for (const e of result.exclusions) reasons[e.code] += 1;
    }
    expect(profiles).toEqual(summary.profiles);
    expect(reasons).toEqual(summary.exclusions_required);
  });

  it('prices every bill as expected/bills.csv', () => {
    const expected = readCsv('expected/bills.csv');
    const actual = bills(inputs, breakdown).map(({ input, result, amounts, split, seq }) => ({
      account: input.accountNumber,
      template: result.template,
      gross: String(amounts.gross),
      discount: String(amounts.discount),
      net: String(amounts.net),
      first_instalment: String(split.first),
      other_instalment: String(split.other),
      n: String(split.n),
      profile: result.profile,
      band: input.band ?? '',
      bill_seq: String(seq),
      lbh: String(amounts.recipients[0].amountPence),
      asc: String(amounts.recipients[1].amountPence),
      gla: String(amounts.recipients[2].amountPence),
      overall_change_pct: formatHundredths(amounts.overallChangeHundredths),
      estimated_21_22_charge: String(input.estimate2122Pence ?? ''),
      estimate_diff: estimateDiffers(amounts.net, input.estimate2122Pence, settings) ? '1' : '0',
    }));
    expect(actual).toEqual(expected);
  });

  it('prices every bill with the tiny breakdown as expected/bills_tiny_breakdown.csv', () => {
    const tiny = readBreakdown('extra/vo_bands_breakdown_tiny.csv');
    const expected = readCsv('expected/bills_tiny_breakdown.csv');
    const actual = bills(inputs, tiny).map(({ input, result, amounts, split }) => ({
      account: input.accountNumber,
      template: result.template,
      gross: String(amounts.gross),
      discount: String(amounts.discount),
      net: String(amounts.net),
      first_instalment: String(split.first),
      other_instalment: String(split.other),
      n: String(split.n),
      pence_split: split.penceSplit ? '1' : '0',
      estimate_diff: estimateDiffers(amounts.net, input.estimate2122Pence, settings) ? '1' : '0',
    }));
    expect(actual).toEqual(expected);
  });
});

