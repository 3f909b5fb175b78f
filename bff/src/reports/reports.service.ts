import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RegionStores } from '../database/stores';
import type { ReportTemplateModel } from './models/report-template.model';
import { ReportTemplate } from './report-template.entity';

/** The default templates every partner gets (PRODUCT.md, Reports). */
export const DEFAULT_REPORT_TEMPLATES = [
  { key: 'call-detail', name: 'Call detail' },
  { key: 'devices', name: 'Devices' },
  { key: 'phone-numbers', name: 'Phone numbers' },
  { key: 'call-history', name: 'Detailed call history' },
] as const;

/** Report templates (directory store). */
@Injectable()
export class ReportsService implements OnApplicationBootstrap {
  constructor(private readonly stores: RegionStores) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefaultTemplates();
  }

  /** Inserts any missing default template; safe to run on every start. */
  async ensureDefaultTemplates(): Promise<void> {
    const em = this.stores.directory();
    const existing = new Set((await em.find(ReportTemplate, { partner: null })).map((t) => t.key));
    for (const template of DEFAULT_REPORT_TEMPLATES) {
      if (!existing.has(template.key)) em.create(ReportTemplate, { ...template, partner: null });
    }
    await em.flush();
  }

  /** The default templates plus the partner's own (never another partner's). */
  async templates(partnerId: string): Promise<ReportTemplateModel[]> {
    const templates = await this.stores
      .directory()
      .find(ReportTemplate, { $or: [{ partner: null }, { partner: partnerId }] }, { orderBy: { name: 'asc', id: 'asc' } });
    return templates.map(({ id, key, name, baseKey, columns }) => ({ id, key, name, baseKey, columns }));
  }
}
