import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { CustomerFacets, CustomerFilterInput, CustomerListItem, CustomerPage, CustomerSortEnum } from './models/customer-page.model';
import { CustomersService, DEFAULT_PAGE_SIZE, type CustomerSort } from './customers.service';
import { CustomerAccountService } from './customer-account.service';
import { CustomerAccount } from './models/customer-account.model';

/** GraphQL entry points for customers (one region's store per request). */
@Resolver(() => CustomerListItem)
export class CustomersResolver {
  constructor(
    private readonly service: CustomersService,
    private readonly accounts: CustomerAccountService,
  ) {}

  @Query(() => CustomerAccount, { description: "Subscriptions (licences, latest invoice), order history and trials of one customer (region's store only)." })
  @Policy('customer')
  customerAccount(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('customerId', { type: () => ID }) customerId: string,
  ): Promise<CustomerAccount> {
    return this.accounts.account(actor, region, customerId);
  }

  @Query(() => CustomerPage, { description: 'Customers of one region, searched, filtered, sorted (default by name) and keyset-paged.' })
  @Policy('customers.read')
  customers(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('filter', { type: () => CustomerFilterInput, nullable: true }) filter: CustomerFilterInput | null,
    @Args('sort', { type: () => CustomerSortEnum, nullable: true }) sort: CustomerSort | null,
    @Args('descending', { type: () => Boolean, nullable: true }) descending: boolean | null,
  ): Promise<CustomerPage> {
    return this.service.list(actor, { region, first, after, filter, sort, descending });
  }

  @Query(() => CustomerFacets, { description: "Counts per filter value of the customer list (`search` is used when `filter` has none)." })
  @Policy('customers.read')
  customerFacets(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('filter', { type: () => CustomerFilterInput, nullable: true }) filter: CustomerFilterInput | null,
  ): Promise<CustomerFacets> {
    return this.service.facets(actor, region, { ...filter, search: filter?.search ?? search });
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
