import { describe, expect, it } from 'vitest';
import { auditCsv } from './audit.controller';
import type { AuditEventModel } from './models/audit-event.model';

describe(auditCsv.name, () => {
  const event: AuditEventModel = {
    id: '7',
    at: new Date('2025-06-01T10:00:00Z'),
    actorType: 'USER',
    actorId: null,
    actorEmail: '=HYPERLINK("http://evil.example","x")',
    actorName: null,
    region: 'EU',
    action: '+cmd',
    targetType: '-2+3',
    targetId: '@SUM(A1)',
    customerId: null,
    before: null,
    after: '{"name":"a,b \\"quoted\\""}',
    outcome: 'SUCCESS',
    reason: '\tTAB',
    requestId: 'r-1',
  };

  it('neutralises formula cells and quotes the rest', () => {
    const sut = auditCsv([event]);
    const [header, row] = sut.trim().split('\r\n');
    expect(header).toBe('id,at,actorType,actorId,actorEmail,actorName,region,action,targetType,targetId,customerId,before,after,outcome,reason,requestId');
    expect(row).toContain('2025-06-01T10:00:00.000Z');
    for (const dangerous of ['=HYPERLINK', '+cmd', '-2+3', '@SUM']) expect(row).toContain(`'${dangerous}`);
    expect(row).not.toMatch(/(^|,)[=+\-@\t]/);
  });
});
