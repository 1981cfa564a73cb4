/** International form: `+` or `00`, a country code, then digit groups, e.g. `+44 20 7946 0958`, `+49 (0)30 1234567`. */
const INTERNATIONAL = String.raw`(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(0\))?(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,6}`;
/** North American form with a separator: `(202) 555-0143`, `202-555-0143`, `1-800-555-0199`, `202.555.0143`. */
const NORTH_AMERICAN = String.raw`(?:1[ .-])?(?:\([2-9]\d{2}\) ?[2-9]\d{2}[ .-]\d{4}|[2-9]\d{2}(?<separator>[.-])[2-9]\d{2}\k<separator>\d{4})`;
/**
 * European national form with trunk prefix 0 and a separator: `030 1234567`, `020 7946 0958`,
 * `01 23 45 67 89`, `(030) 1234567`.
 */
const EUROPEAN = String.raw`(?:\(0[1-9]\d{0,3}\) ?|0[1-9]\d{0,3}[ /-])\d{2,8}(?:[ -]\d{2,4}){0,3}`;

/**
 * Phone number candidates, to be confirmed by {@link isPhoneNumber}. A candidate starts at a
 * token boundary that does not continue a number (`3704 0044 …`) and must not run on into more
 * digits, so parts of DOIs, decimals, tables and longer numbers never match; bare digit runs
 * (no `+` and no separator) are never candidates.
 */
export const PHONE_NUMBER_PATTERN = new RegExp(
  String.raw`(?<![\w.,/+-]|\d[ .-])(?:${INTERNATIONAL}|${NORTH_AMERICAN}|${EUROPEAN})(?![\w]|[.,/-]\d)`,
  'g',
);

/**
 * Confirms a {@link PHONE_NUMBER_PATTERN} candidate. International: 8–15 digits (E.164), dots
 * only when they are the sole separator, at most one one-digit group, and not every group three
 * digits long (that is a signed number with thousands separators, `+10 000 000`). European: 9–12
 * digits and not a date followed by a number (`01/02/2020 12`). North American forms are
 * specific enough as matched.
 */
export function isPhoneNumber(candidate: string): boolean {
  if (candidate.startsWith('+') || candidate.startsWith('00')) return isInternationalNumber(candidate);
  if (candidate.startsWith('0') || candidate.startsWith('(0')) return isEuropeanNumber(candidate);
  return true;
}

function isInternationalNumber(candidate: string): boolean {
  const withoutTrunk = candidate.replace('(0)', '');
  const groups = withoutTrunk.replace(/^(?:\+|00)/, '').match(/\d+/g) ?? [];
  const digits = groups.join('').length;
  if (digits < 8 || digits > 15) return false;
  // A dot between groups is a decimal point unless dots are the only separator: `+12.5 13.6`.
  const separators = new Set(withoutTrunk.match(/[ .()-]/g));
  if (separators.has('.') && separators.size > 1) return false;
  const subscriberGroups = groups.slice(1);
  if (subscriberGroups.filter((group) => group.length === 1).length > 1) return false;
  return subscriberGroups.length < 2 || !subscriberGroups.every((group) => group.length === 3);
}

function isEuropeanNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 9 || digits > 12) return false;
  return !/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/.test(candidate);
}
