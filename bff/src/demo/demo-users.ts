import type { RegionStores } from '../database/stores';

/** Creates the demo partner's users; filled in by the authentication work (which owns users and roles). */
export async function seedDemoUsers(_stores: RegionStores, _partnerId: string): Promise<void> {}
