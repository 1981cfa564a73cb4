import { describe, expect, it } from 'vitest';
import { describePiiKinds, findPii } from './find-pii.js';

/** The matches of `text` as `[kind, matched text]` pairs. */
function found(text: string): [string, string][] {
  return findPii(text).map((match) => [match.kind, text.slice(match.start, match.end)]);
}

describe('findPii', () => {
  it.each([
    'jane.doe@example.com',
    'j-massague@ski.mskcc.org',
    'a.c.vanderwal@amc.uva.nl',
    'first+tag@sub.example.co.uk',
  ])('when the text holds the email address %s, then it is found', (email) => {
    expect(found(`Correspondence: ${email}; fax below.`)).toEqual([['email', email]]);
  });

  it.each(['IGH@-CRLF2 fusion', 'user@localhost', 'follow @ragship', 'a@b.c', 'price @ 5.00 each'])(
    'when the text holds %s, then no email address is found',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );

  it.each([
    '+1 (202) 555-0143',
    '+1-202-555-0143',
    '+44 20 7946 0958',
    '+49 (0)30 1234567',
    '+33 1 23 45 67 89',
    '+31-20-5665-633',
    '+442079460958',
    '0049 30 1234567',
    '(212) 717-3298',
    '202-555-0143',
    '202.555.0143',
    '1-800-555-0199',
    '030 1234567',
    '030/1234567',
    '020 7946 0958',
    '01 23 45 67 89',
    '(030) 1234 5678',
  ])('when the text holds the phone number %s, then it is found', (phone) => {
    expect(found(`Call ${phone}, or write.`)).toEqual([['phone', phone]]);
  });

  it.each([
    'in 1996-2004 and 2010',
    'years 2001 2002 2003 2004 2005',
    'on 2020-05-01 and 01/02/2020 12 patients were seen',
    'doi:10.1371/journal.pone.0007211',
    'doi:10.1016/0002-9149(85)90042-4',
    'PMID: 12345678901',
    '95% CI 1.23-4.56, p < 0.001, n = 12376',
    'ranges 120-150 and 100-200-300 mg',
    'a change of +10 000 000 cells and +12.5 13.6 14.2 units',
    '1 234 567 reads and 12 345 678 bases',
    'ISBN 978-3-16-148410-0 and CAS 7732-18-5',
    'grant R01-HL-123456 and NCT01234567',
    'CD4+ 1234 5678 T cells',
    'version 2.345.6789 and 192.168.100.200',
    'score 0.05 0.10 0.15 0.20 0.25',
    'sequence 0123456789 and 5551234567',
    '12:30 to 14:45',
    'table row 3704 0044 0532 0130 01 and 17 0049 30 1234',
  ])('when scientific text holds numbers like "%s", then no personal data is found', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('when a Luhn-valid card number with a known issuer prefix appears, spaced, hyphenated or bare, then it is found', () => {
    expect(found('card 4111 1111 1111 1111 expires')).toEqual([['card', '4111 1111 1111 1111']]);
    expect(found('card 5555-5555-5555-4444 expires')).toEqual([['card', '5555-5555-5555-4444']]);
    expect(found('amex 3782 822463 10005.')).toEqual([['card', '3782 822463 10005']]);
    expect(found('card 4111111111111111.')).toEqual([['card', '4111111111111111']]);
  });

  it('when a card-shaped number fails Luhn or has an unknown prefix, then it is not a card', () => {
    expect(found('card 4111 1111 1111 1112 expires')).toEqual([]);
    expect(found('ids 2001 2002 2003 2004 and 9111 1111 1111 1111')).toEqual([]);
  });

  it('when a valid IBAN appears, then it is found; with a wrong check digit it is not', () => {
    expect(found('Pay to DE89 3704 0044 0532 0130 00 by Friday.')).toEqual([['iban', 'DE89 3704 0044 0532 0130 00']]);
    expect(found('IBAN GB82WEST12345698765432.')).toEqual([['iban', 'GB82WEST12345698765432']]);
    expect(found('Pay to DE89 3704 0044 0532 0130 01 by Friday.')).toEqual([]);
  });

  it('when a US social security number appears with hyphens, then it is found; unissued areas are not', () => {
    expect(found('SSN 123-45-6789.')).toEqual([['ssn', '123-45-6789']]);
    expect(found('000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567, 123-45-0000, 123456789')).toEqual([]);
  });

  it('when several kinds appear, then matches come in text order without overlaps', () => {
    const text = 'Mail jane@example.com, call +1 202 555 0143 or pay 4111 1111 1111 1111.';
    expect(found(text)).toEqual([
      ['email', 'jane@example.com'],
      ['phone', '+1 202 555 0143'],
      ['card', '4111 1111 1111 1111'],
    ]);
  });
});

describe('describePiiKinds', () => {
  it('when kinds repeat in any order, then each label appears once in a fixed order', () => {
    const text = 'call 202-555-0143, mail a@example.com, or b@example.com';
    expect(describePiiKinds(findPii(text))).toEqual(['email address', 'phone number']);
  });
});
