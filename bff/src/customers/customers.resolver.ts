import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { CustomerListItem, CustomerPage } from './models/customer-page.model';
import { CustomersService, DEFAULT_PAGE_SIZE } from './customers.service';

/** GraphQL entry points for customers (one region's store per request). */
@Resolver(() => CustomerListItem)
export class CustomersResolver {
  constructor(private readonly service: CustomersService) {}

  @Query(() => CustomerPage, { description: 'Customers of one region ordered by name, keyset-paged.' })
  @Policy('customers.read')
  customers(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CustomerPage> {
    return this.service.list(actor, region, first, after);
  }

  @Query(() => CustomerListItem, { nullable: true, description: "One customer, looked up only in the given region's store." })
  @Policy('customer')
  customer(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<CustomerListItem | null> {
    return this.service.byId(actor, region, id);
  }
}
