import { redact, REDACTED, redactText } from './redact';

describe('redact', () => {
  it('masks secret fields at any depth, whatever their spelling', () => {
    const value = redact({
      user: 'ann',
      password: 'p1',
      nested: { apiSecretKey: 's1', 'api-access-key': 'a1', headers: { Authorization: 'Basic abc' } },
      list: [{ defaultPassword: 'd1' }],
    });
    expect(value).toEqual({
      user: 'ann',
      password: REDACTED,
      nested: { apiSecretKey: REDACTED, 'api-access-key': REDACTED, headers: { Authorization: REDACTED } },
      list: [{ defaultPassword: REDACTED }],
    });
  });

  it('masks credentials inside free text', () => {
    expect(redactText('sent Authorization: Basic QUJDOmRlZg== to bksb')).toBe(`sent Authorization: Basic ${REDACTED} to bksb`);
    expect(redactText('Bearer eyJ.abc.def failed')).toBe(`Bearer ${REDACTED} failed`);
    expect(redactText('postgres://app:hunter2@db:5432/x')).toBe(`postgres://${REDACTED}@db:5432/x`);
    expect(redactText(`WHERE password = 'hunter2'`)).not.toContain('hunter2');
    expect(redactText('{"apiSecretKey":"s3cr3t"}')).not.toContain('s3cr3t');
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('Imported 3 results for Ann Lee')).toBe('Imported 3 results for Ann Lee');
    expect(redact({ count: 3, at: null })).toEqual({ count: 3, at: null });
  });
});
