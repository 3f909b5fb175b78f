import { Field, ID, InputType } from '@nestjs/graphql';
import type { PartnerRole, Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import { PartnerRoleEnum } from '../models/signed-in-user.model';

/** Adds (invites) a partner administrator with a role. */
@InputType()
export class InviteUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => PartnerRoleEnum)
  role!: PartnerRole;
}

/** Identifies a customer the way the console sees it: region plus org id. */
@InputType()
export class CustomerAdminInput {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  userId!: string;
}
