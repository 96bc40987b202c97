import { z } from 'zod';
import { DEFAULT_DISCOUNT_SETTINGS, discountSettingsSchema } from '../discounts/settings.js';
import { DEFAULT_EARNING_HOLD_DAYS, DEFAULT_RATE_CARD, rateCardSchema } from '../writers/rules.js';
import { DEFAULT_ALLOWED_FILE_TYPES, DEFAULT_UPLOAD_MAX_BYTES, FILE_TYPE_KEYS } from '../platform/storage/file-types.js';

/** Per-website settings. Later areas add their numbers here with RULES.md's defaults. */
export const websiteSettingsSchema = z
  .object({
    brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #4f46e5').default('#4f46e5'),
    logoUrl: z.url().optional(),
    supportEmail: z.email().optional(),
    /** Whether clients may register themselves on this website. */
    registrationOpen: z.boolean().default(true),
    /** Files: the largest upload in bytes (order files, attachments); UPLOAD_MAX_BYTES caps it. */
    uploadMaxBytes: z.number().int().min(1024).max(1_073_741_824).default(DEFAULT_UPLOAD_MAX_BYTES),
    /** Files: the types an upload may be (keys of FILE_TYPES: pdf, docx, png…). */
    uploadAllowedTypes: z.array(z.enum(FILE_TYPE_KEYS)).min(1).max(FILE_TYPE_KEYS.length).default([...DEFAULT_ALLOWED_FILE_TYPES]),
    /** Orders: minutes a newly published order is view-only before writers may take it. */
    writerPreviewMinutes: z.number().int().min(0).max(1440).default(15),
    /** Orders: active orders a writer may hold when no personal cap is set (until writer levels). */
    defaultWriterCapacity: z.number().int().min(0).max(100).default(3),
    /** Orders: writers take or are given only orders in subjects they are qualified for (subject gating). */
    subjectGating: z.boolean().default(true),
    /** Orders: hours a preferred writer has to accept before the order falls back to the pool. */
    preferredWriterAcceptHours: z.number().int().min(1).max(168).default(24),
    /** Orders: days after delivery before an order is approved automatically. */
    autoApproveDays: z.number().int().min(1).max(90).default(14),
    /** Orders: what a paid revision costs, in % of the order's original price (RULES.md: 50). */
    revisionPaidSharePercent: z.number().int().min(0).max(100).default(50),
    /** Messages: whether clients and writers may write to each other directly. */
    clientWriterMessages: z.boolean().default(true),
    /** Writers: the rate card frozen on an order when a writer is assigned (until writer levels land). */
    writerRateCard: rateCardSchema.default(DEFAULT_RATE_CARD),
    /** Writers: days an approved order's earning is held before it matures (RULES.md: 14). */
    earningHoldDays: z.number().int().min(0).max(90).default(DEFAULT_EARNING_HOLD_DAYS),
    /** Discounts: automatic sources and the stacking policy (src/discounts/settings.ts). */
    discounts: discountSettingsSchema.default(DEFAULT_DISCOUNT_SETTINGS),
  })
  .strict();

export type WebsiteSettings = z.infer<typeof websiteSettingsSchema>;

/** Lower-cased host without port, as matched against a website's domains. */
export function normaliseHost(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.trim().toLowerCase();
  // [::1]:3000 -> ::1; example.com:3000 -> example.com
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > -1 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+$|^\d{1,3}(\.\d{1,3}){3}$/, 'must be a host name like example.com');
