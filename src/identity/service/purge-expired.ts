import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { inTransaction } from '../../platform/database.js';
import { clock } from '../../platform/clock.js';
import { systemActor } from '../../platform/actor.js';
import { PasswordResetToken, UserSession } from '../models.js';

/** How long revoked or expired rows are kept for the "my sessions" history and investigations. */
export const SESSION_RETENTION_DAYS = 30;

/**
 * Deletes portal sessions (with their refresh tokens) that expired or were revoked more than the
 * retention ago, and password-reset tokens that are used or expired. Safe to run twice or at once.
 */
export async function purgeExpiredCredentials(): Promise<{ sessions: number; resetTokens: number }> {
  const now = clock.now();
  const cutoff = new Date(now.getTime() - SESSION_RETENTION_DAYS * 86_400_000);
  return inTransaction(async () => {
    const sessions = await UserSession.destroy({
      where: { [Op.or]: [{ expiresAt: { [Op.lt]: cutoff } }, { revokedAt: { [Op.lt]: cutoff } }] },
    });
    const resetTokens = await PasswordResetToken.destroy({
      where: { [Op.or]: [{ expiresAt: { [Op.lt]: now } }, { usedAt: { [Op.ne]: null } }] },
    });
    if (sessions + resetTokens > 0) {
      await recordAudit(systemActor(), {
        action: 'identity.purge_expired_credentials',
        targetType: 'system',
        after: { sessions, resetTokens },
      });
    }
    return { sessions, resetTokens };
  });
}
