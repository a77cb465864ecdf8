import { z } from 'zod';

/** A KRX 6-character short code (종목코드). Always a string: `005930`, `0126Z0`, `37550K`. */
export const symbolCodeSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{6}$/, 'a KRX code is 6 letters or digits'));
export type SymbolCode = z.infer<typeof symbolCodeSchema>;

/** Whole Korean won. Never a float. */
export const krwSchema = z.number().int().safe();
export const positiveKrwSchema = krwSchema.positive();
/** Whole shares. */
export const sharesSchema = z.number().int().safe();
export const positiveSharesSchema = sharesSchema.positive();
/** Milliseconds since the Unix epoch. */
export const epochMsSchema = z.number().int().nonnegative();

export const PLATFORMS = ['discord', 'telegram', 'console'] as const;
export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

export const LOCALES = ['ko', 'en'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const TIERS = ['free', 'basic', 'premium'] as const;
export const tierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof tierSchema>;

export const uuidSchema = z.uuid();

/** The chat account a request comes from. Authorisation is by the user this identity is linked to. */
export const chatIdentitySchema = z.object({
  platform: platformSchema,
  platformUserId: z.string().min(1).max(64),
  /** Where replies and notifications for this person go (a DM chat id; the name for the console). */
  chatId: z.string().min(1).max(64),
  /** Whether the command came from a private chat (DM) rather than a group or server channel. */
  isPrivateChat: z.boolean().default(true),
  locale: localeSchema.optional(),
});
export type ChatIdentity = z.infer<typeof chatIdentitySchema>;
