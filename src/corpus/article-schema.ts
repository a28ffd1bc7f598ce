import { z } from 'zod'

/** Front matter of an article file, as validated on load. */
export const articleMetaSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'id must be lowercase letters, digits, dashes and underscores'),
  title: z.string().trim().min(1, 'title must not be empty'),
  subtitle: z.string().trim().min(1).optional(),
  kicker: z.string().trim().min(1).optional(),
  source: z.string().trim().min(1, 'source must not be empty'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'date is not a real calendar date')
    .optional(),
  authors: z.array(z.string().trim().min(1)).default([]),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http or https address' }).optional(),
  continuation: z.string().trim().min(1).optional(),
  raw: z.strictObject({
    file: z.string().min(1),
    lines: z
      .tuple([z.int().positive(), z.int().positive()])
      .refine(([first, last]) => first <= last, 'raw.lines must be [first, last] with first <= last'),
  }),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
})
