import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { PartnerRole, Region } from '@ph/contracts';
import { RegionEnum } from '../graphql/region.enum';
import { CurrentActor } from './current-actor.decorator';
import { CustomerAdminInput, InviteUserInput } from './dto/user.inputs';
import { PartnerRoleEnum, PartnerUserModel } from './models/signed-in-user.model';
import { Policy } from './policy';
import type { RequestActor } from './sessions.service';
import { UsersService } from './users.service';

/** Users → Roles & security, the partner-level Admins tab and a customer's Partner administrators tab. */
@Resolver(() => PartnerUserModel)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => [PartnerUserModel], { description: "The partner's administrators." })
  @Policy('users.read')
  users(@CurrentActor() actor: RequestActor): Promise<PartnerUserModel[]> {
    return this.service.list(actor);
  }

  @Query(() => [PartnerUserModel], { description: 'Administrators who see every customer (the Admins tab).' })
  @Policy('users.read')
  allCustomerAdmins(@CurrentActor() actor: RequestActor): Promise<PartnerUserModel[]> {
    return this.service.allCustomerAdmins(actor);
  }

  @Mutation(() => PartnerUserModel, { description: 'Adds a partner administrator with a role.' })
  @Policy('users.manage')
  inviteUser(@CurrentActor() actor: RequestActor, @Args('input') input: InviteUserInput): Promise<PartnerUserModel> {
    return this.service.invite(actor, input);
  }

  @Mutation(() => PartnerUserModel, { description: "Changes a user's admin role (Roles & security → Admin roles)." })
  @Policy('users.manage')
  changeUserRole(
    @CurrentActor() actor: RequestActor,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => PartnerRoleEnum }) role: PartnerRole,
  ): Promise<PartnerUserModel> {
    return this.service.changeRole(actor, userId, role);
  }

  @Query(() => [PartnerUserModel], { description: 'The partner administrators assigned to one customer.' })
  @Policy('customer')
  customerAdmins(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('customerId', { type: () => ID }) customerId: string,
  ): Promise<PartnerUserModel[]> {
    return this.service.customerAdmins(actor, { region, customerId });
  }

  @Mutation(() => [PartnerUserModel], { description: "Assigns an administrator to a customer; returns the customer's admins." })
  @Policy('customer')
  assignCustomerAdmin(@CurrentActor() actor: RequestActor, @Args('input') input: CustomerAdminInput): Promise<PartnerUserModel[]> {
    return this.service.assign(actor, input);
  }

  @Mutation(() => [PartnerUserModel], { description: "Unassigns an administrator from a customer; returns the customer's admins." })
  @Policy('customer')
  unassignCustomerAdmin(@CurrentActor() actor: RequestActor, @Args('input') input: CustomerAdminInput): Promise<PartnerUserModel[]> {
    return this.service.unassign(actor, input);
  }
}
