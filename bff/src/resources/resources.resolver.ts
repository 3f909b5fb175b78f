import { Args, Query, Resolver } from '@nestjs/graphql';
import { Policy } from '../auth/policy';
import type { Product, ResourceType } from './catalogue';
import { HelpdeskContact, ProductEnum, ResourceCatalogue, ResourceTypeEnum } from './models/resource.model';
import { ResourcesService } from './resources.service';

/** GraphQL entry points for Resources & help. */
@Resolver(() => ResourceCatalogue)
export class ResourcesResolver {
  constructor(private readonly service: ResourcesService) {}

  @Query(() => ResourceCatalogue, { description: "Resources & help in the user's language (English when a text has no translation)." })
  @Policy('resources.read')
  resources(
    @Args('locale', { description: 'Language of the texts, e.g. en or nl.' }) locale: string,
    @Args('search', { nullable: true, description: 'Full-text search in titles, tags and descriptions.' }) search?: string,
    @Args('type', { type: () => ResourceTypeEnum, nullable: true }) type?: ResourceType,
    @Args('product', { type: () => ProductEnum, nullable: true }) product?: Product,
    @Args('language', { nullable: true, description: 'Only resources whose content is in this language.' }) language?: string,
  ): ResourceCatalogue {
    return this.service.catalogue(locale, { search, type, product, language });
  }

  @Query(() => [HelpdeskContact], { description: 'How to reach the Partner Helpdesk (phone per region, e-mail, hours).' })
  @Policy('resources.read')
  helpdeskContacts(@Args('locale') locale: string): HelpdeskContact[] {
    return this.service.helpdeskContacts(locale);
  }
}
