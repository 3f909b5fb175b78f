import { PartnerRole, REGIONS } from '@ph/contracts';
import { hashPassword } from '../auth/passwords';
import { CustomerAdminAssignment, PartnerUser } from '../auth/user.entity';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import type { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';

/** The default of config `DEMO_PASSWORD`. */
export const DEFAULT_DEMO_PASSWORD = 'demo-partner-hub';

/** One demo user per role (PRODUCT.md, "Partner administrator roles"). */
export const DEMO_USERS = [
  { email: 'full@demo.example', displayName: 'Fiona Full', role: PartnerRole.FullAdmin },
  { email: 'admin@demo.example', displayName: 'Adam Admin', role: PartnerRole.Admin },
  { email: 'readonly@demo.example', displayName: 'Rita Readonly', role: PartnerRole.ReadOnly },
  { email: 'salesfull@demo.example', displayName: 'Sam Salesfull', role: PartnerRole.SalesFullAdmin },
  { email: 'sales@demo.example', displayName: 'Sara Sales', role: PartnerRole.SalesAdmin },
  { email: 'helpdesk@demo.example', displayName: 'Hugo Helpdesk', role: PartnerRole.HelpDesk },
] as const;

/**
 * Creates the demo users of a partner (only ever called by the demo seed) and gives admin@ and sales@
 * a few customers: admin@ two per region (one of them as created by admin@), sales@ one per region.
 */
export async function seedDemoUsers(stores: RegionStores, partnerId: string, password = DEFAULT_DEMO_PASSWORD): Promise<void> {
  const em = stores.directory();
  const partner = em.getReference(Partner, partnerId);
  const users = new Map<string, PartnerUser>();
  for (const demo of DEMO_USERS) {
    users.set(demo.email, em.create(PartnerUser, { ...demo, partner, passwordHash: await hashPassword(password) }));
  }
  for (const region of REGIONS) {
    const customers = await em.find(CustomerDirectoryEntry, { partner: partnerId, region }, { orderBy: { name: 'asc', id: 'asc' }, limit: 3 });
    const [first, second, third] = customers;
    const admin = users.get('admin@demo.example')!;
    const sales = users.get('sales@demo.example')!;
    if (first) em.create(CustomerAdminAssignment, { customer: first, user: admin, kind: 'ASSIGNED' });
    if (second) em.create(CustomerAdminAssignment, { customer: second, user: admin, kind: 'CREATED' });
    if (third) em.create(CustomerAdminAssignment, { customer: third, user: sales, kind: 'ASSIGNED' });
  }
  await em.flush();
}
