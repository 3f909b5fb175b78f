import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import type { Product } from '../../resources/catalogue';
import { ProductEnum } from '../../resources/models/resource.model';
import { HELPDESK_STATUSES, type HelpdeskStatus } from '../helpdesk-request.entity';

export const HelpdeskStatusEnum = Object.fromEntries(HELPDESK_STATUSES.map((s) => [s, s])) as Record<HelpdeskStatus, HelpdeskStatus>;
registerEnumType(HelpdeskStatusEnum, { name: 'HelpdeskStatus', description: 'Delivery state of a helpdesk request.' });

/** A request sent to the Partner Helpdesk and its delivery. */
@ObjectType('HelpdeskRequest')
export class HelpdeskRequestModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  userEmail!: string;

  @Field()
  userName!: string;

  @Field(() => ProductEnum)
  product!: Product;

  @Field()
  subject!: string;

  @Field()
  message!: string;

  @Field(() => RegionEnum, { nullable: true })
  customerRegion!: Region | null;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field(() => String, { nullable: true })
  customerName!: string | null;

  @Field(() => [String], { description: 'Channels the request goes to (email, webhook); empty when none is configured.' })
  channels!: string[];

  @Field(() => HelpdeskStatusEnum)
  status!: HelpdeskStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (for full admins).' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;
}
