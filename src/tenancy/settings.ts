import { z } from 'zod';
import { DEFAULT_ALLOWED_FILE_TYPES, DEFAULT_UPLOAD_MAX_BYTES, FILE_TYPE_KEYS } from '../platform/storage/file-types.js';

/**
 * Per-website settings: one strict JSON object per website. Tenancy owns the keys below (and the
 * orders/files/messages numbers that predate the registry); any other area adds its own keys as a
 * *section* — a zod shape whose fields carry their defaults — registered from src/wiring.ts, so
 * tenancy imports no area. An area reads its keys through the typed accessor its section gives
 * (`discountSettings.of(settingsOf(website))`).
 */
const coreShape = {
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #4f46e5')
    .default('#4f46e5'),
  logoUrl: z.url().optional(),
  supportEmail: z.email().optional(),
  /** Whether clients may register themselves on this website. */
  registrationOpen: z.boolean().default(true),
  /** Files: the largest upload in bytes (order files, attachments); UPLOAD_MAX_BYTES caps it. */
  uploadMaxBytes: z.number().int().min(1024).max(1_073_741_824).default(DEFAULT_UPLOAD_MAX_BYTES),
  /** Files: the types an upload may be (keys of FILE_TYPES: pdf, docx, png…). */
  uploadAllowedTypes: z
    .array(z.enum(FILE_TYPE_KEYS))
    .min(1)
    .max(FILE_TYPE_KEYS.length)
    .default([...DEFAULT_ALLOWED_FILE_TYPES]),
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
};

/** The settings every website has whatever areas are registered, typed. */
export type WebsiteSettings = z.output<z.ZodObject<typeof coreShape>>;

/** A section's keys as parsed (defaults filled in). */
export type SectionValues<Shape extends z.ZodRawShape> = { [K in keyof Shape]: z.output<Shape[K]> };

/** An area's part of the settings: its keys (with defaults) and a typed view of them. */
export interface SettingsSection<Shape extends z.ZodRawShape> {
  area: string;
  shape: Shape;
  /** This section's keys of settings parsed by settingsOf (their defaults filled in). */
  of(settings: WebsiteSettings): SectionValues<Shape>;
}

/** Declares an area's section (the area registers it from src/wiring.ts with registerSettingsSection). */
export function settingsSection<Shape extends z.ZodRawShape>(area: string, shape: Shape): SettingsSection<Shape> {
  return { area, shape, of: (settings) => settings as unknown as SectionValues<Shape> };
}

const sections = new Map<string, z.ZodRawShape>();
let built: z.ZodType<WebsiteSettings> | undefined;

/**
 * Adds an area's keys to every website's settings. Registering the same area again replaces its
 * section (boot may run more than once in a process); a key owned by another area is refused.
 */
export function registerSettingsSection(section: SettingsSection<z.ZodRawShape>): void {
  for (const key of Object.keys(section.shape)) {
    const owner = key in coreShape ? 'tenancy' : [...sections].find(([area, shape]) => area !== section.area && key in shape)?.[0];
    if (owner) throw new Error(`Website setting "${key}" of ${section.area} is already ${owner}'s`);
  }
  sections.set(section.area, section.shape);
  built = undefined;
}

function currentSchema(): z.ZodType<WebsiteSettings> {
  built ??= z.object(Object.assign({}, coreShape, ...sections.values())).strict() as unknown as z.ZodType<WebsiteSettings>;
  return built;
}

/** Validates a website's settings as a whole: tenancy's keys and every registered section's, unknown keys refused. */
export const websiteSettingsSchema: z.ZodType<WebsiteSettings> = z.lazy(currentSchema);
