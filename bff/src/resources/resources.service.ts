import { Injectable } from '@nestjs/common';
import { isLocale, DEFAULT_LOCALE } from '@ph/contracts';
import { localize, searchResources, type Resource, type SearchFilters } from './catalogue';
import { CatalogueService } from './catalogue.service';
import type { HelpdeskContact, HelpResource, ResourceCatalogue } from './models/resource.model';

/** Serves the Resources & help catalogue, localised; the catalogue is global (no partner data). */
@Injectable()
export class ResourcesService {
  constructor(private readonly catalogues: CatalogueService) {}

  /** Quick links, featured resources and the ranked search results in `locale` (English as fallback). */
  catalogue(locale: string, filters: SearchFilters): ResourceCatalogue {
    const lang = isLocale(locale) ? locale : DEFAULT_LOCALE;
    const catalogue = this.catalogues.current();
    const byId = new Map(catalogue.resources.map((r) => [r.id, r]));
    const view = (r: Resource): HelpResource => ({ ...r, title: localize(r.title, lang), description: localize(r.description, lang) });
    return {
      quickLinks: catalogue.quickLinks.map((id) => view(byId.get(id)!)),
      featured: catalogue.featured.map((id) => view(byId.get(id)!)),
      results: searchResources(catalogue, lang, filters).map(view),
      languages: [...new Set(catalogue.resources.map((r) => r.language))].sort(),
    };
  }

  /** The helpdesk's contact options in `locale`. */
  helpdeskContacts(locale: string): HelpdeskContact[] {
    const lang = isLocale(locale) ? locale : DEFAULT_LOCALE;
    return this.catalogues.current().helpdesk.map((h) => ({ ...h, hours: localize(h.hours, lang) }));
  }
}
