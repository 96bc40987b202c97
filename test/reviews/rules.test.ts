import { describe, expect, it } from 'vitest';
import { screenBody } from '../../src/orders/index.js';
import {
  averageCenti,
  countsInRating,
  decideReviewTransition,
  profanityFound,
  ratingDelta,
  reviewTransitionApplies,
  signalReason,
  spamSignals,
  textFingerprint,
  type SpamFacts,
} from '../../src/reviews/rules.js';

const clean: SpamFacts = { screening: [], repeatedText: false, recentByAccount: 0, profanity: [] };
const signalsOf = (text: string, facts: Partial<SpamFacts> = {}, burstLimit = 4) =>
  spamSignals({ ...clean, screening: screenBody(text).flags, profanity: [], ...facts }, { burstLimit });

describe('spam signals', () => {
  it('a clean review raises none', () => {
    expect(signalsOf('Well argued, delivered two days early. Thank you!')).toEqual([]);
    // Numbers that are not phones (prices, pages, years) stay clean.
    expect(signalsOf('10 pages for $45.99 in 2024, graded 92/100')).toEqual([]);
  });

  it('links, in any common form', () => {
    for (const text of ['see https://example.com/x', 'visit www.essays4u.net', 'go to bit.ly/abc', 'cheap-papers.com is better'])
      expect(signalsOf(text), text).toEqual(['link']);
  });

  it('contact details: e-mails (also spelled out), phones, messenger handles', () => {
    for (const text of [
      'mail me: jane.doe@gmail.com',
      'john dot doe at gmail dot com',
      'call +1 555 123 4567',
      'telegram: @best_writer',
      'whatsapp five five five one two three four',
    ])
      expect(signalsOf(text), text).toContain('contact');
  });

  it('repeated text, bursts and profanity come from facts the service gathers', () => {
    expect(signalsOf('ok', { repeatedText: true })).toEqual(['repeated']);
    expect(signalsOf('ok', { recentByAccount: 3 })).toEqual([]);
    expect(signalsOf('ok', { recentByAccount: 4 })).toEqual(['burst']);
    expect(signalsOf('ok', { recentByAccount: 1 }, 1)).toEqual(['burst']);
    expect(signalsOf('www.x.com jane@x.org', { repeatedText: true, recentByAccount: 9, profanity: ['darn'] })).toEqual([
      'link',
      'contact',
      'repeated',
      'burst',
      'profanity',
    ]);
    expect(signalReason(['link', 'profanity'], ['darn'])).toBe('Flagged automatically: contains a link; profanity (darn)');
  });

  it('profanity: whole words or phrases of the website’s list, any case, each once', () => {
    const list = ['darn', 'rip off', 'scam'];
    expect(profanityFound('What a DARN good paper', list)).toEqual(['darn']);
    expect(profanityFound('A total rip-off, a scam! Scam!', list)).toEqual(['rip off', 'scam']);
    // Inside other words it does not match.
    expect(profanityFound('Darnell wrote a scampering essay', list)).toEqual([]);
    expect(profanityFound(null, list)).toEqual([]);
    expect(profanityFound('darn', [])).toEqual([]);
  });

  it('the same text is found whatever its case, spacing and punctuation; short texts are not compared', () => {
    const a = textFingerprint('Best essay service ever, highly recommended!!!');
    expect(a).not.toBeNull();
    expect(textFingerprint('  best ESSAY service ever highly   recommended ')).toBe(a);
    expect(textFingerprint('Best essay service ever, highly recommended? No.')).not.toBe(a);
    expect(textFingerprint('Great, thanks!')).toBeNull();
    expect(textFingerprint(null)).toBeNull();
  });
});

describe('moderation transitions', () => {
  const move = (
    transition: Parameters<typeof decideReviewTransition>[0]['transition'],
    status: string,
    visibility = 'public',
    role = 'support',
  ) => decideReviewTransition({ transition, status, visibility, role } as Parameters<typeof decideReviewTransition>[0]);

  it('pending -> approved | rejected | flagged; flagged is decided like pending', () => {
    expect(move('approve', 'pending')).toEqual({ ok: true, status: 'approved', visibility: 'public' });
    expect(move('reject', 'pending')).toEqual({ ok: true, status: 'rejected', visibility: 'removed' });
    expect(move('flag', 'pending', 'public', 'system')).toEqual({ ok: true, status: 'flagged', visibility: 'public' });
    expect(move('approve', 'flagged')).toMatchObject({ ok: true, status: 'approved' });
    expect(move('reject', 'flagged')).toMatchObject({ ok: true, status: 'rejected' });
    // A rejected review approved on a second look is public again.
    expect(move('approve', 'rejected', 'removed')).toEqual({ ok: true, status: 'approved', visibility: 'public' });
  });

  it('refuses what the table does not allow, naming why', () => {
    expect(move('approve', 'approved')).toMatchObject({ ok: false, reason: 'wrong_status' });
    expect(move('reject', 'rejected', 'removed')).toMatchObject({ ok: false, reason: 'wrong_status' });
    expect(move('approve', 'pending', 'public', 'system')).toMatchObject({ ok: false, reason: 'not_allowed_for_role' });
    expect(move('shadow', 'pending')).toMatchObject({ ok: false, message: expect.stringContaining('pending') });
    expect(move('shadow', 'approved', 'shadowed')).toMatchObject({ ok: false });
  });

  it('shadow hides an approved review, publish shows it again', () => {
    expect(move('shadow', 'approved')).toEqual({ ok: true, status: 'approved', visibility: 'shadowed' });
    expect(move('publish', 'approved', 'shadowed')).toEqual({ ok: true, status: 'approved', visibility: 'public' });
    expect(reviewTransitionApplies('shadow', { status: 'approved', visibility: 'public' })).toBe(true);
    expect(reviewTransitionApplies('shadow', { status: 'flagged', visibility: 'public' })).toBe(false);
    expect(reviewTransitionApplies('approve', { status: 'flagged', visibility: 'public' })).toBe(true);
  });
});

describe('ratings', () => {
  it('approved reviews seen publicly or by staff count; shadowed, removed and undecided ones do not', () => {
    expect(countsInRating({ status: 'approved', visibility: 'public' })).toBe(true);
    expect(countsInRating({ status: 'approved', visibility: 'internal' })).toBe(true);
    expect(countsInRating({ status: 'approved', visibility: 'shadowed' })).toBe(false);
    expect(countsInRating({ status: 'pending', visibility: 'public' })).toBe(false);
    expect(countsInRating({ status: 'flagged', visibility: 'public' })).toBe(false);
  });

  it('a moderation change moves the totals by the review joining or leaving', () => {
    const pending = { status: 'pending', visibility: 'public' } as const;
    const approved = { status: 'approved', visibility: 'public' } as const;
    const shadowed = { status: 'approved', visibility: 'shadowed' } as const;
    expect(ratingDelta(pending, approved, 4)).toEqual({ count: 1, sum: 4 });
    expect(ratingDelta(approved, shadowed, 4)).toEqual({ count: -1, sum: -4 });
    expect(ratingDelta(pending, { status: 'flagged', visibility: 'public' }, 4)).toEqual({ count: 0, sum: 0 });
    expect(averageCenti({ count: 3, sum: 14 })).toBe(467);
    expect(averageCenti({ count: 0, sum: 0 })).toBeNull();
  });
});
