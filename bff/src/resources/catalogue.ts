import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { REGIONS } from '@ph/contracts';

export const RESOURCE_TYPES = ['ARTICLE', 'VIDEO', 'TRAINING', 'TOOL', 'DOCUMENT', 'WEBINAR'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const PRODUCTS = ['CALLING', 'CONTACT_CENTER'] as const;
export type Product = (typeof PRODUCTS)[number];

/** A text per language; English is required and is the fallback. */
const localized = z
  .object({ en: z.string().trim().min(1) })
  .catchall(z.string().trim().min(1))
  .refine((value) => Object.keys(value).every((key) => /^[a-z]{2}$/.test(key)), 'language keys must be two-letter codes such as en or nl');
export type LocalizedText = z.infer<typeof localized>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const resourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  title: localized,
  description: localized,
  url: httpUrl,
  type: z.enum(RESOURCE_TYPES.map((t) => t.toLowerCase()) as [string, ...string[]]).transform((t) => t.toUpperCase() as ResourceType),
  products: z.array(z.enum(PRODUCTS.map((p) => p.toLowerCase().replace('_', '-')) as [string, ...string[]]).transform((p) => p.toUpperCase().replace('-', '_') as Product)).min(1),
  language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en or nl'),
  tags: z.array(z.string().trim().min(1)).default([]),
});

const helpdeskSchema = z.strictObject({
  email: z.email(),
  hours: localized,
  phones: z
    .array(z.strictObject({ region: z.enum(REGIONS), number: z.string().regex(/^\+[0-9 ]{6,20}$/, 'must be an international number starting with +') }))
    .min(1),
  products: z.array(z.enum(PRODUCTS.map((p) => p.toLowerCase().replace('_', '-')) as [string, ...string[]]).transform((p) => p.toUpperCase().replace('-', '_') as Product)).min(1),
});

const catalogueSchema = z
  .strictObject({
    quickLinks: z.array(z.string()).default([]),
    featured: z.array(z.string()).default([]),
    resources: z.array(resourceSchema).min(1),
    helpdesk: z.array(helpdeskSchema).min(1),
  })
  .superRefine((value, ctx) => {
    const ids = new Set<string>();
    value.resources.forEach((resource, index) => {
      if (ids.has(resource.id)) ctx.addIssue({ code: 'custom', path: ['resources', index, 'id'], message: `duplicate id "${resource.id}"` });
      ids.add(resource.id);
    });
    for (const list of ['quickLinks', 'featured'] as const) {
      value[list].forEach((id, index) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: [list, index], message: `unknown resource id "${id}"` });
      });
    }
  });

export type Resource = z.infer<typeof resourceSchema>;
export type HelpdeskContact = z.infer<typeof helpdeskSchema>;
export type Catalogue = z.infer<typeof catalogueSchema>;

/** A catalogue file that cannot be used: where (1-based line) and why. */
export class CatalogueError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'CatalogueError';
  }
}

/** Parses and validates a catalogue (YAML, or JSON which is YAML too); throws a {@link CatalogueError} with the line of the first problem. */
export function parseCatalogue(text: string, file = 'catalogue'): Catalogue {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new CatalogueError(file, lineCounter.linePos(error.pos[0]).line, error.message.split('\n')[0]);
  }
  const parsed = catalogueSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // An unknown key: point at the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  // The deepest node of the issue's path that exists in the document gives the line.
  let line = 1;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) {
      line = lineCounter.linePos(node.range[0]).line;
      break;
    }
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new CatalogueError(file, line, `${where}${issue.message}`);
}

/** The text in `locale`, else English. */
export function localize(text: LocalizedText, locale: string): string {
  return text[locale] ?? text.en;
}

/** Lower-case words without diacritics, for matching. */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export interface SearchFilters {
  search?: string | null;
  type?: ResourceType | null;
  product?: Product | null;
  language?: string | null;
}

/** Weights of a term matching a word of the title, a tag or the description. */
const WEIGHTS = { title: 10, tag: 5, description: 2 } as const;

/**
 * Filters the resources and ranks them for the search terms (in the user's language, English as fallback):
 * every term must match the start of a word; title matches rank above tag matches above description matches,
 * whole words above prefixes; ties keep the title order. Without terms the catalogue order is kept.
 */
export function searchResources(catalogue: Catalogue, locale: string, filters: SearchFilters): Resource[] {
  const candidates = catalogue.resources.filter(
    (r) => (!filters.type || r.type === filters.type) && (!filters.product || r.products.includes(filters.product)) && (!filters.language || r.language === filters.language),
  );
  const terms = words(filters.search ?? '');
  if (terms.length === 0) return candidates;
  const scored: { resource: Resource; score: number; title: string }[] = [];
  for (const resource of candidates) {
    const title = localize(resource.title, locale);
    const fields = { title: words(title), tag: resource.tags.flatMap(words), description: words(localize(resource.description, locale)) };
    let total = 0;
    for (const term of terms) {
      let best = 0;
      for (const field of ['title', 'tag', 'description'] as const) {
        for (const word of fields[field]) {
          const score = word === term ? WEIGHTS[field] : word.startsWith(term) ? WEIGHTS[field] / 2 : 0;
          if (score > best) best = score;
        }
      }
      if (best === 0) {
        total = 0;
        break;
      }
      total += best;
    }
    if (total > 0) scored.push({ resource, score: total, title });
  }
  return scored.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, locale)).map((s) => s.resource);
}
