import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PRODUCTS, RESOURCE_TYPES, type Product, type ResourceType } from '../catalogue';
import { RegionEnum } from '../../graphql/region.enum';
import type { Region } from '@ph/contracts';

/** `ResourceType` as a GraphQL enum. */
export const ResourceTypeEnum = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, t])) as Record<ResourceType, ResourceType>;
registerEnumType(ResourceTypeEnum, { name: 'ResourceType', description: 'Kind of a help resource.' });

/** `Product` as a GraphQL enum. */
export const ProductEnum = Object.fromEntries(PRODUCTS.map((p) => [p, p])) as Record<Product, Product>;
registerEnumType(ProductEnum, { name: 'HelpProduct', description: 'A product partners get help with (resources and the Partner Helpdesk).' });

/** One help resource, in the requested language (English when it has no translation). */
@ObjectType()
export class HelpResource {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field()
  url!: string;

  @Field(() => ResourceTypeEnum)
  type!: ResourceType;

  @Field(() => [ProductEnum])
  products!: Product[];

  @Field({ description: 'Language of the content behind the link (two-letter code).' })
  language!: string;

  @Field(() => [String])
  tags!: string[];
}

/** The Resources & help page: quick links, featured resources and the (filtered, ranked) catalogue. */
@ObjectType()
export class ResourceCatalogue {
  @Field(() => [HelpResource])
  quickLinks!: HelpResource[];

  @Field(() => [HelpResource])
  featured!: HelpResource[];

  @Field(() => [HelpResource], { description: 'Resources matching the search and filters, best match first.' })
  results!: HelpResource[];

  @Field(() => [String], { description: 'Content languages present in the catalogue (for the language filter).' })
  languages!: string[];
}

/** A helpdesk phone number for one region. */
@ObjectType()
export class HelpdeskPhone {
  @Field(() => RegionEnum)
  region!: Region;

  @Field()
  number!: string;
}

/** How to reach the Partner Helpdesk for some products. */
@ObjectType()
export class HelpdeskContact {
  @Field(() => [ProductEnum])
  products!: Product[];

  @Field()
  email!: string;

  @Field({ description: 'Opening hours, in the requested language.' })
  hours!: string;

  @Field(() => [HelpdeskPhone])
  phones!: HelpdeskPhone[];
}
