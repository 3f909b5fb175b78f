import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { ErrorCode } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { AuditService } from './audit.service';
import { AuditFilterInput } from './dto/audit-filter.input';
import { AuditEventPageModel, toAuditEventModel } from './models/audit-event.model';

/** The audit log (full admins). */
@Resolver(() => AuditEventPageModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventPageModel, { description: "The partner's audit log, newest first, keyset-paged." })
  @Policy('audit.read')
  async auditEvents(
    @CurrentActor() actor: RequestActor,
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter: AuditFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEventPageModel> {
    if (after !== null && after !== undefined && !/^\d{1,15}$/.test(after)) throw new AppError(ErrorCode.BadUserInput, 'Invalid cursor');
    const badIds = (['actorId', 'customerId'] as const).filter((key) => filter?.[key] && !isUuid(filter[key]));
    if (badIds.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid id filter', badIds.map((key) => ({ field: `filter.${key}`, reason: 'invalid' })));
    const page = await this.audit.query(actor.partnerId, filter ?? {}, first, after ?? null);
    return { events: page.events.map(toAuditEventModel), nextCursor: page.nextCursor };
  }
}
