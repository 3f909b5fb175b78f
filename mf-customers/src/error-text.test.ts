import { describe, expect, it } from 'vitest';
import { errorText } from './tag-tools';

describe(errorText.name, () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key} ${JSON.stringify(options ?? {})}`;
  const refused = { fields: [{ field: 'input.trialId', reason: 'notExtendable', params: { endDate: '2027-02-24', count: 3 } }] };

  it('writes a date the BFF names as the page writes dates, other values as they are', () => {
    const text = errorText(t, refused, (iso) => `day ${iso}`);
    expect(text).toContain('"endDate":"day 2027-02-24"');
    expect(text).toContain('"count":3');
  });

  it('leaves the date as sent without a formatter', () => {
    expect(errorText(t, refused)).toContain('"endDate":"2027-02-24"');
  });
});
