import { describe, expect, it } from 'vitest';
import { diffChanges } from '../../src/audit/service.js';

describe('diffChanges', () => {
  it('keeps only the fields that changed', () => {
    expect(diffChanges({ status: 'active', email: 'a@x.test' }, { status: 'suspended', email: 'a@x.test' })).toEqual({
      before: { status: 'active' },
      after: { status: 'suspended' },
    });
  });

  it('compares values structurally', () => {
    expect(diffChanges({ domains: ['a', 'b'] }, { domains: ['a', 'b'] })).toEqual({ before: {}, after: {} });
    expect(diffChanges({ domains: ['a'] }, { domains: ['a', 'b'] }).after).toEqual({ domains: ['a', 'b'] });
  });

  it('redacts secrets but records that they changed', () => {
    expect(diffChanges({ passwordHash: 'old' }, { passwordHash: 'new' })).toEqual({
      before: { passwordHash: '[redacted]' },
      after: { passwordHash: '[redacted]' },
    });
  });

  it('records fields that appear or disappear', () => {
    expect(diffChanges({}, { penName: 'Owl' })).toEqual({ before: {}, after: { penName: 'Owl' } });
  });
});
