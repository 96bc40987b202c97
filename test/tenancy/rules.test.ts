import { describe, expect, it } from 'vitest';
import { domainSchema, normaliseHost, websiteSettingsSchema } from '../../src/tenancy/rules.js';

describe('normaliseHost', () => {
  it.each([
    ['localhost', 'localhost'],
    ['localhost:3000', 'localhost'],
    ['B.LocalHost:8080', 'b.localhost'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['[::1]:3000', '::1'],
    [' example.com ', 'example.com'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseHost(input)).toBe(expected);
  });

  it('gives nothing for a missing host', () => {
    expect(normaliseHost(undefined)).toBeUndefined();
    expect(normaliseHost('')).toBeUndefined();
  });
});

describe('website settings', () => {
  it('fills defaults', () => {
    expect(websiteSettingsSchema.parse({})).toMatchObject({
      brandColor: '#4f46e5',
      registrationOpen: true,
      writerPreviewMinutes: 15,
      autoApproveDays: 14,
    });
  });

  it('names a bad field and refuses unknown ones', () => {
    const bad = websiteSettingsSchema.safeParse({ brandColor: 'blue', colour: '#fff' });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys.join() : i.path.join('.')));
    expect(paths).toEqual(expect.arrayContaining(['brandColor', 'colour']));
  });

  it('accepts host names and IPv4 addresses as domains, lower-cased', () => {
    expect(domainSchema.parse('Essays.Example.COM')).toBe('essays.example.com');
    expect(domainSchema.parse('127.0.0.1')).toBe('127.0.0.1');
    expect(domainSchema.safeParse('http://x.com').success).toBe(false);
    expect(domainSchema.safeParse('a b').success).toBe(false);
  });
});
