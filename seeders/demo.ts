import { inTransaction } from '../src/platform/database.js';
import { insertUser, User } from '../src/identity/index.js';
import { ROLES, type Role } from '../src/platform/actor.js';
import { systemActor } from '../src/platform/actor.js';
import { qualifyForAllSubjects } from '../src/orders/qualifications/index.js';
import { installDefaultPriceList } from '../src/pricing/index.js';
import { clearWebsiteCache, Website } from '../src/tenancy/index.js';
import { installDefaultFineTypes } from '../src/writers/fines/index.js';
import { installDefaultLevels } from '../src/writers/index.js';
import { SupportCannedReply } from '../src/support/index.js';
import { installEditingRequirement } from '../src/editors/index.js';

export const DEMO_PASSWORD = 'scriptorium';

export const DEMO_WEBSITES = [
  {
    slug: 'scriptorium-a',
    name: 'Scriptorium Essays',
    domains: ['localhost', '127.0.0.1'],
    emailDomain: 'scriptorium.test',
    brandColor: '#4f46e5',
    editing: 'never',
  },
  {
    slug: 'scriptorium-b',
    name: 'Quill & Co. Papers',
    domains: ['b.localhost'],
    emailDomain: 'b.scriptorium.test',
    brandColor: '#0f766e',
    editing: 'always',
  },
] as const;

const DEMO_CANNED_REPLIES = [
  {
    title: 'Looking into it',
    body: 'Thank you for writing to us. We are looking into this and will come back to you shortly.',
    category: null,
  },
  {
    title: 'Payment received',
    body: 'We have checked your payment: it was received in full and your order is being worked on.',
    category: 'payment' as const,
  },
  {
    title: 'Reset your password',
    body: 'You can reset your password from the sign-in page with "Forgot password"; the link is valid for one hour.',
    category: 'account' as const,
  },
];

const WEBSITE_ROLES = ROLES.filter((r): r is Exclude<Role, 'superadmin'> => r !== 'superadmin');

export interface DemoAccount {
  email: string;
  role: Role;
  website: string;
}

/** Lists the demo accounts (for the start-up banner and the README). */
export function demoAccounts(): DemoAccount[] {
  return [
    ...DEMO_WEBSITES.flatMap((w) => WEBSITE_ROLES.map((role) => ({ email: `${role}@${w.emailDomain}`, role, website: w.name }))),
    { email: 'superadmin@scriptorium.test', role: 'superadmin' as const, website: 'all websites' },
  ];
}

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Two demo websites and one account per role on each, plus a superadmin. Idempotent: it creates
 * what is missing and leaves what exists (including changed passwords) alone.
 */
export async function seedDemo(): Promise<{ created: number }> {
  let created = 0;
  await inTransaction(async () => {
    for (const spec of DEMO_WEBSITES) {
      let website = await Website.findOne({ where: { slug: spec.slug } });
      if (!website) {
        website = await Website.create({
          slug: spec.slug,
          name: spec.name,
          domains: [...spec.domains],
          currency: 'USD',
          timezone: 'UTC',
          settings: { brandColor: spec.brandColor, supportEmail: `support@${spec.emailDomain}` },
        });
        created++;
      }
      await installDefaultPriceList(systemActor(website.id), website.id, website.currency);
      await installDefaultFineTypes(website.id);
      await installDefaultLevels(website.id);
      // Support: a few canned replies agents start from (kept when staff edited them).
      await SupportCannedReply.bulkCreate(
        DEMO_CANNED_REPLIES.map((r) => ({ websiteId: website!.id, ...r })),
        { ignoreDuplicates: true },
      );
      // Editing: website B sends every order to an editor; website A none (a row staff changed is left as they set it).
      await installEditingRequirement(website.id, spec.editing);
      for (const role of WEBSITE_ROLES) {
        const email = `${role}@${spec.emailDomain}`;
        if (await User.findOne({ where: { websiteId: website.id, email } })) continue;
        const user = await insertUser({
          websiteId: website.id,
          role,
          email,
          password: DEMO_PASSWORD,
          displayName: `Demo ${titleCase(role)} (${spec.slug.endsWith('-a') ? 'A' : 'B'})`,
          penName: role === 'writer' ? (spec.slug.endsWith('-a') ? 'Quiet Owl' : 'Swift Heron') : null,
        });
        if (role === 'writer') await qualifyForAllSubjects(user.id, website.id);
        created++;
      }
    }
    const superEmail = 'superadmin@scriptorium.test';
    if (!(await User.findOne({ where: { websiteId: null, email: superEmail } }))) {
      await insertUser({ websiteId: null, role: 'superadmin', email: superEmail, password: DEMO_PASSWORD, displayName: 'Demo Superadmin' });
      created++;
    }
  });
  clearWebsiteCache();
  return { created };
}

export async function databaseIsEmpty(): Promise<boolean> {
  return (await Website.count()) === 0;
}
