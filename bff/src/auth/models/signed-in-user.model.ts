import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PARTNER_ROLES, type PartnerRole } from '@ph/contracts';

/** `PartnerRole` as a GraphQL enum, generated from `PARTNER_ROLES`. */
export const PartnerRoleEnum = Object.fromEntries(PARTNER_ROLES.map((role) => [role, role])) as Record<PartnerRole, PartnerRole>;
registerEnumType(PartnerRoleEnum, { name: 'PartnerRole', description: 'Partner administrator role (PRODUCT.md).' });

/** The signed-in partner administrator (contracts' `SignedInUser`). */
@ObjectType('SignedInUser')
export class SignedInUserModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => PartnerRoleEnum)
  role!: PartnerRole;

  @Field(() => ID)
  partnerId!: string;

  @Field(() => String)
  partnerName!: string;
}

/** One of the signed-in user's sessions. */
@ObjectType('Session')
export class SessionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '`password` or `oidc`.' })
  method!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => Boolean, { description: 'The session this request came in on.' })
  current!: boolean;
}

/** A partner administrator account. */
@ObjectType('PartnerUser')
export class PartnerUserModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => PartnerRoleEnum)
  role!: PartnerRole;

  @Field(() => Boolean, { description: 'Sees every customer of the partner (full, read-only, sales full and help desk admins).' })
  seesAllCustomers!: boolean;

  @Field(() => Boolean, { description: 'Has a password (false for an invitee who has not set one yet, or after a reset).' })
  hasPassword!: boolean;

  @Field(() => Boolean, { description: 'Signs in with single sign-on (linked to the identity provider).' })
  singleSignOn!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

/** A partner API key (the key itself is shown only once, on creation). */
@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'First characters of the key.' })
  prefix!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

/** A newly created API key with its raw value (shown once). */
@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field(() => String, { description: 'The key; it cannot be shown again.' })
  rawKey!: string;
}

/** A single-use set-password link; shown once to the admin who issued it (Partner Hub sends no e-mail). */
@ObjectType('PasswordLink')
export class PasswordLinkModel {
  @Field(() => String, { description: 'The link; it cannot be shown again.' })
  url!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

/** A newly added user with their set-password link. */
@ObjectType('InvitedUser')
export class InvitedUserModel {
  @Field(() => PartnerUserModel)
  user!: PartnerUserModel;

  @Field(() => PasswordLinkModel)
  passwordLink!: PasswordLinkModel;
}
