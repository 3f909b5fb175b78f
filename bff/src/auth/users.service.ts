import { Injectable } from '@nestjs/common';
import { ErrorCode, PartnerRole, PARTNER_ROLES, type Region } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import type { InvitedUserModel, PartnerUserModel, PasswordLinkModel } from './models/signed-in-user.model';
import { PasswordLinksService } from './password-links.service';
import { ASSIGNABLE_ROLES, seesAllCustomers, type CustomerRef } from './policy';
import { PolicyService } from './policy.service';
import { Session } from './session.entity';
import type { RequestActor } from './sessions.service';
import { CustomerAdminAssignment, PartnerUser } from './user.entity';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** The GraphQL view of a user. */
export function toUserModel(user: PartnerUser): PartnerUserModel {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    seesAllCustomers: seesAllCustomers(user.role),
    hasPassword: user.passwordHash !== null,
    singleSignOn: user.oidcSubject !== null,
    createdAt: user.createdAt,
  };
}

/** Partner users, their roles and their customer assignments. Callers have passed the role policy. */
@Injectable()
export class UsersService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly links: PasswordLinksService,
  ) {}

  /** Every user of the actor's partner, by name. */
  async list(actor: RequestActor): Promise<PartnerUserModel[]> {
    const users = await this.stores.directory().find(PartnerUser, { partner: actor.partnerId }, { orderBy: { displayName: 'asc', id: 'asc' } });
    return users.map(toUserModel);
  }

  /** Users of the partner who see every customer (the partner-level Admins tab). */
  async allCustomerAdmins(actor: RequestActor): Promise<PartnerUserModel[]> {
    return (await this.list(actor)).filter((user) => user.seesAllCustomers);
  }

  /**
   * Adds a user with a role and issues their set-password link (shown once to the inviting admin);
   * they can also sign in with SSO (matched by e-mail).
   */
  async invite(actor: RequestActor, input: { email: string; displayName: string; role: PartnerRole }, origin: string): Promise<InvitedUserModel> {
    const email = input.email.trim().toLowerCase();
    const displayName = input.displayName.trim();
    if (!EMAIL.test(email) || email.length > 320) throw new AppError(ErrorCode.BadUserInput, 'Invalid e-mail address', [{ field: 'input.email', reason: 'invalid' }]);
    if (displayName.length === 0 || displayName.length > 200) throw new AppError(ErrorCode.BadUserInput, 'Invalid display name', [{ field: 'input.displayName', reason: displayName.length === 0 ? 'required' : 'tooLong', params: { max: 200 } }]);
    if (!PARTNER_ROLES.includes(input.role)) throw new AppError(ErrorCode.BadUserInput, 'Invalid role');
    const { user, passwordLink } = await this.stores.directory().transactional(async (tx) => {
      if ((await tx.count(PartnerUser, { email })) > 0) throw new AppError(ErrorCode.Conflict, 'A user with this e-mail address exists', [{ field: 'input.email', reason: 'taken' }]);
      const created = tx.create(PartnerUser, {
        partner: tx.getReference(Partner, actor.partnerId),
        email,
        displayName,
        role: input.role,
        createdById: actor.userId,
      });
      this.audit.append(tx, {
        actor,
        action: 'users.invite',
        outcome: 'SUCCESS',
        targetType: 'user',
        targetId: created.id,
        after: { email, displayName, role: input.role },
        requestId: actor.requestId,
      });
      return { user: created, passwordLink: await this.links.issue(tx, actor, created, 'INVITE', origin) };
    });
    return { user: toUserModel(user), passwordLink };
  }

  /**
   * Resets a local user's password: the old one stops working, their sessions end, and a new
   * set-password link is issued (older links stop working). Not for the actor themself, nor for
   * users who sign in with SSO.
   */
  async resetPassword(actor: RequestActor, userId: string, origin: string): Promise<PasswordLinkModel> {
    if (!isUuid(userId)) throw new AppError(ErrorCode.NotFound, 'User not found');
    return this.stores.directory().transactional(async (tx) => {
      const target = await tx.findOne(PartnerUser, { id: userId, partner: actor.partnerId });
      if (!target) throw new AppError(ErrorCode.NotFound, 'User not found');
      if (target.id === actor.userId) throw new AppError(ErrorCode.BadUserInput, 'You cannot reset your own password here', [{ field: 'userId', reason: 'self' }]);
      if (target.oidcSubject !== null) throw new AppError(ErrorCode.BadUserInput, 'This user signs in with single sign-on', [{ field: 'userId', reason: 'singleSignOn' }]);
      const hadPassword = target.passwordHash !== null;
      target.passwordHash = null;
      const sessionsRevoked = await tx.nativeUpdate(Session, { user: target.id, revokedAt: null }, { revokedAt: new Date() });
      this.audit.append(tx, {
        actor,
        action: 'users.resetPassword',
        outcome: 'SUCCESS',
        targetType: 'user',
        targetId: target.id,
        before: { hasPassword: hadPassword },
        after: { hasPassword: false, sessionsRevoked },
        requestId: actor.requestId,
      });
      return this.links.issue(tx, actor, target, 'RESET', origin);
    });
  }

  /** Changes a user's role; the partner always keeps at least one full admin. */
  async changeRole(actor: RequestActor, userId: string, role: PartnerRole): Promise<PartnerUserModel> {
    if (!PARTNER_ROLES.includes(role)) throw new AppError(ErrorCode.BadUserInput, 'Invalid role');
    if (!isUuid(userId)) throw new AppError(ErrorCode.NotFound, 'User not found');
    const user = await this.stores.directory().transactional(async (tx) => {
      const target = await tx.findOne(PartnerUser, { id: userId, partner: actor.partnerId });
      if (!target) throw new AppError(ErrorCode.NotFound, 'User not found');
      const before = target.role;
      if (before === PartnerRole.FullAdmin && role !== PartnerRole.FullAdmin) {
        const fullAdmins = await tx.count(PartnerUser, { partner: actor.partnerId, role: PartnerRole.FullAdmin });
        if (fullAdmins <= 1) throw new AppError(ErrorCode.Conflict, 'The last full administrator cannot lose the role', [{ field: 'role', reason: 'lastFullAdmin' }]);
      }
      target.role = role;
      // Customers are assigned to plain and sales admins only: a role that sees every customer (or none)
      // drops the assignments, so they neither show on the customers' admin tabs nor come back with a later
      // role. The customers the user created stay theirs (kind CREATED), as they would for a new admin role.
      const assignmentsRemoved = ASSIGNABLE_ROLES.includes(role) ? 0 : await tx.nativeDelete(CustomerAdminAssignment, { user: target.id, kind: 'ASSIGNED' });
      this.audit.append(tx, {
        actor,
        action: 'users.changeRole',
        outcome: 'SUCCESS',
        targetType: 'user',
        targetId: target.id,
        before: { role: before },
        after: assignmentsRemoved > 0 ? { role, assignmentsRemoved } : { role },
        requestId: actor.requestId,
      });
      return target;
    });
    return toUserModel(user);
  }

  /** The partner administrators assigned to one customer. */
  async customerAdmins(actor: RequestActor, ref: CustomerRef): Promise<PartnerUserModel[]> {
    const em = this.stores.directory();
    const customer = await this.policy.assertCustomer(actor, 'manageAdmins', ref, em);
    const assignments = await em.find(
      CustomerAdminAssignment,
      { customer: customer.id, kind: 'ASSIGNED' },
      { populate: ['user'], orderBy: { user: { displayName: 'asc' } } },
    );
    return assignments.map((assignment) => toUserModel(assignment.user));
  }

  /** Assigns a plain partner or sales administrator to a customer (idempotent). */
  async assign(actor: RequestActor, ref: CustomerRef & { userId: string }): Promise<PartnerUserModel[]> {
    const em = this.stores.directory();
    const customer = await this.policy.assertCustomer(actor, 'manageAdmins', ref, em);
    if (!isUuid(ref.userId)) throw new AppError(ErrorCode.NotFound, 'User not found');
    await em.transactional(async (tx) => {
      const user = await tx.findOne(PartnerUser, { id: ref.userId, partner: actor.partnerId });
      if (!user) throw new AppError(ErrorCode.NotFound, 'User not found');
      if (!ASSIGNABLE_ROLES.includes(user.role)) {
        throw new AppError(ErrorCode.BadUserInput, 'Only partner administrators and sales administrators can be assigned to customers');
      }
      const existing = await tx.findOne(CustomerAdminAssignment, { customer: customer.id, user: user.id, kind: 'ASSIGNED' });
      if (existing) return;
      tx.create(CustomerAdminAssignment, { customer, user, kind: 'ASSIGNED', assignedById: actor.userId });
      this.audit.append(tx, this.assignmentEvent(actor, 'customerAdmins.assign', ref.region, customer.id, user.id, false));
    });
    return this.customerAdmins(actor, ref);
  }

  /** Removes a user's assignment to a customer (not the access they have because they created it). */
  async unassign(actor: RequestActor, ref: CustomerRef & { userId: string }): Promise<PartnerUserModel[]> {
    const em = this.stores.directory();
    const customer = await this.policy.assertCustomer(actor, 'manageAdmins', ref, em);
    if (!isUuid(ref.userId)) throw new AppError(ErrorCode.NotFound, 'Assignment not found');
    await em.transactional(async (tx) => {
      const existing = await tx.findOne(CustomerAdminAssignment, { customer: customer.id, user: ref.userId, kind: 'ASSIGNED' });
      if (!existing) throw new AppError(ErrorCode.NotFound, 'Assignment not found');
      tx.remove(existing);
      this.audit.append(tx, this.assignmentEvent(actor, 'customerAdmins.unassign', ref.region, customer.id, ref.userId, true));
    });
    return this.customerAdmins(actor, ref);
  }

  private assignmentEvent(actor: RequestActor, action: string, region: Region, customerId: string, userId: string, wasAssigned: boolean) {
    return {
      actor,
      action,
      outcome: 'SUCCESS' as const,
      region,
      customerId,
      targetType: 'user',
      targetId: userId,
      before: { assigned: wasAssigned },
      after: { assigned: !wasAssigned },
      requestId: actor.requestId,
    };
  }
}
