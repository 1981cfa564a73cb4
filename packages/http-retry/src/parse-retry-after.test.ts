import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  it('when Retry-After is an HTTP date, then the wait is the time until that date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const headers = new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' });

    expect(parseRetryAfter(headers, now)).toBe(3000);
  });

  it('when retry-after-ms is present, then it wins over Retry-After', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '1' }))).toBe(250);
  });

  it('when Retry-After is missing or unreadable, then there is no wait', () => {
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
