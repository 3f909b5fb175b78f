import { ErrorCode, PartnerRole, type FieldError, type PartnerRole as Role } from '@ph/contracts';
import { errorCodeOf, GraphQLRequestError } from '@ph/ui';
import './admin.css';

/** A partner administrator (GraphQL `PartnerUser`). */
export interface PartnerUserRow {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  seesAllCustomers: boolean;
  /** False for an invitee who has not set a password yet, or after a reset. */
  hasPassword: boolean;
  /** Signs in with single sign-on (no password to reset). */
  singleSignOn: boolean;
  createdAt: string;
}

/** A single-use set-password link (GraphQL `PasswordLink`), shown once. */
export interface PasswordLink {
  url: string;
  expiresAt: string;
}

const USER_FIELDS = 'id email displayName role seesAllCustomers hasPassword singleSignOn createdAt';
export const USERS_QUERY = `query Users { users { ${USER_FIELDS} } }`;
export const ALL_CUSTOMER_ADMINS_QUERY = `query AllCustomerAdmins { allCustomerAdmins { ${USER_FIELDS} } }`;
export const INVITE_USER_MUTATION = `mutation InviteUser($input: InviteUserInput!) { inviteUser(input: $input) { user { ${USER_FIELDS} } passwordLink { url expiresAt } } }`;
export const RESET_USER_PASSWORD_MUTATION = `mutation ResetUserPassword($userId: ID!) { resetUserPassword(userId: $userId) { url expiresAt } }`;
export const CHANGE_USER_ROLE_MUTATION = `mutation ChangeUserRole($userId: ID!, $role: PartnerRole!) { changeUserRole(userId: $userId, role: $role) { ${USER_FIELDS} } }`;

/** True when the signed-in user is a full partner administrator (the only role that manages users, audit and keys). */
export function isFullAdmin(role: Role | undefined): boolean {
  return role === PartnerRole.FullAdmin;
}

/** What a failed request left to show: its code and field-level problems (if any). */
export interface RequestProblem {
  code: ErrorCode;
  fields: FieldError[];
}

/** Turns a thrown request error into a problem to show. */
export function problemOf(error: unknown): RequestProblem {
  return { code: errorCodeOf(error), fields: error instanceof GraphQLRequestError ? error.fields : [] };
}

/** A date-time in the user's locale, or the raw value when it is not a date. */
export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
