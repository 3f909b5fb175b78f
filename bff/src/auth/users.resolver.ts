import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { PartnerRole, Region } from '@ph/contracts';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionEnum } from '../graphql/region.enum';
import { consoleOrigin } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { CustomerAdminInput, InviteUserInput } from './dto/user.inputs';
import { InvitedUserModel, PartnerRoleEnum, PartnerUserModel, PasswordLinkModel } from './models/signed-in-user.model';
import { Policy } from './policy';
import type { RequestActor } from './sessions.service';
import { UsersService } from './users.service';

/** Users → Roles & security, the partner-level Admins tab and a customer's Partner administrators tab. */
@Resolver(() => PartnerUserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  @Mutation(() => InvitedUserModel, { description: 'Adds a partner administrator with a role; returns their single-use set-password link (shown once).' })
  @Policy('users.manage')
  inviteUser(@CurrentActor() actor: RequestActor, @Args('input') input: InviteUserInput, @Context('req') req: FastifyRequest): Promise<InvitedUserModel> {
    return this.service.invite(actor, input, consoleOrigin(this.config, req));
  }

  @Mutation(() => PasswordLinkModel, {
    description: "Resets a user's password: it stops working, their sessions end, and a new single-use set-password link is returned (shown once).",
  })
  @Policy('users.manage')
  resetUserPassword(@CurrentActor() actor: RequestActor, @Args('userId', { type: () => ID }) userId: string, @Context('req') req: FastifyRequest): Promise<PasswordLinkModel> {
    return this.service.resetPassword(actor, userId, consoleOrigin(this.config, req));
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
