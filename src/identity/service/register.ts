import { recordAudit } from '../../audit/index.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Forbidden, NotFound, Unauthorized } from '../../platform/errors.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../models.js';
import { insertUser } from './create-user.js';
import { brandOf, sendSafely } from './emails.js';
import { startSession, type AuthResult } from './sessions.js';

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
  timezone?: string;
  device: string | null;
  /** The portal's base URL, for the sign-in link of the welcome email. */
  portalUrl: string;
}

const emailTaken = () => new AppError('conflict', 'An account with this email already exists', { email: 'is already registered' });

/**
 * A visitor opens a client account on the actor's website (when that website accepts
 * registrations) and is signed in at once. The welcome email goes out after the commit; if it
 * cannot be sent the account still exists and the failure is logged.
 */
export async function registerClient(actor: Actor, input: RegisterInput): Promise<AuthResult> {
  if (actor.websiteId === null) throw Unauthorized('Registration needs a website');
  const website = await Website.findByPk(actor.websiteId);
  if (!website) throw NotFound('Website');
  if (!settingsOf(website).registrationOpen) throw Forbidden('This website does not accept new registrations');
  const email = input.email.trim().toLowerCase();

  const result = await inTransaction(async () => {
    // Checked first for a clear answer; the unique index still guards against a race (also a 409).
    if (await User.findOne({ where: { websiteId: website.id, email } })) throw emailTaken();
    const user = await insertUser({
      websiteId: website.id,
      role: 'client',
      email,
      password: input.password,
      displayName: input.displayName,
      timezone: input.timezone,
    });
    const session = await startSession(user, website.id, input.device, actor.ip ?? null);
    await recordAudit(
      { ...actor, userId: user.id, role: user.role },
      {
        action: 'identity.register',
        targetType: 'user',
        targetId: user.id,
        after: {
          email: user.email,
          role: user.role,
          registrationId: user.registrationId,
          displayName: user.displayName,
          timezone: user.timezone,
        },
      },
    );
    return session;
  });

  await sendSafely({
    to: result.user.email,
    template: 'welcome',
    data: { displayName: result.user.displayName, registrationId: result.user.registrationId, loginUrl: `${input.portalUrl}/login` },
    websiteId: website.id,
    brand: brandOf(website),
  });
  return result;
}
