// One account's outcome: exactly one profile, or at least one exclusion reason.
import type { AccountInput, ProfileId } from './accountInput';
import type { BandBreakdown } from './breakdown';
import { exclusionReasons, type Exclusion, type ExemptReasonLookup } from './exclusions';
import { matchProfile, templateOf, type Template } from './profiles';
import type { BillingSettings } from './settings';

export type Classification =
  | { profile: ProfileId; template: Template; forced: boolean }
  | { exclusions: Exclusion[] };

export function isProfiled(c: Classification): c is { profile: ProfileId; template: Template; forced: boolean } {
  return 'profile' in c;
}

/** Only the officer-override and run reasons: MANUAL and ALREADY_BILLED. */
const OVERRIDE_CODES = new Set(['MANUAL', 'ALREADY_BILLED']);

/** Reasons that make a bill impossible to produce, so even a forced profile cannot clear them. */
const UNBILLABLE_CODES = new Set(['NO_BAND', 'NO_ADDRESS']);

/**
 * The profile or exclusions of one account. An officer's manual exclusion always excludes; an
 * account already billed in an approved run is excluded unless the run is a re-issue; otherwise
 * an officer's forced profile wins over the rules (except NO_BAND and NO_ADDRESS: without a band
 * breakdown or an address there is nothing to print), then the first matching profile, then
 * every reason that holds.
 */
export function classify(
  input: AccountInput,
  settings: BillingSettings,
  breakdown: BandBreakdown,
  exemptReason?: ExemptReasonLookup,
): Classification {
  const reasons = exclusionReasons(input, settings, breakdown, exemptReason);
  const overrideReasons = reasons.filter((r) => OVERRIDE_CODES.has(r.code));
  const natural = matchProfile(input, settings, breakdown);
  const unbillable = reasons.filter((r) => UNBILLABLE_CODES.has(r.code));
  const forced = unbillable.length === 0 ? input.overrides.forceProfile : undefined;
  const profiled = forced !== undefined || natural !== null;
  // A profiled account has no rule reasons of its own; an overridden one shows only the override.
  if (overrideReasons.length > 0) return { exclusions: profiled ? overrideReasons : reasons };
  if (forced !== undefined) return { profile: forced.profile, template: templateOf(forced.profile), forced: true };
  if (natural !== null) return { profile: natural.id, template: natural.template, forced: false };
  return { exclusions: reasons };
}
