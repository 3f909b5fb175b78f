import type { Region } from '@ph/contracts';
import type { BulkRow, BulkTable } from '../database/bulk-insert';
import type { Product } from '../subscriptions/subscription.entity';

const DAY = 86_400_000;

/** Region-store tables the generator fills, in foreign-key order. */
export const TABLES = {
  customer: {
    name: 'customer',
    columns: ['id', 'partner_id', 'name', 'country', 'contact_name', 'contact_email', 'contact_phone', 'last_admin_sign_in_at', 'created_at'],
    timestamps: ['last_admin_sign_in_at', 'created_at'],
  },
  location: { name: 'location', columns: ['id', 'customer_id', 'name', 'address', 'city', 'country', 'time_zone'] },
  subscription: { name: 'subscription', columns: ['id', 'customer_id', 'kind', 'start_date', 'end_date', 'auto_renew', 'billing_state'] },
  licenseLine: { name: 'license_line', columns: ['id', 'subscription_id', 'product', 'purchased', 'assigned', 'used'] },
  licenseSnapshot: {
    name: 'license_snapshot',
    columns: ['customer_id', 'subscription_id', 'product', 'week_start', 'purchased', 'assigned', 'used'],
  },
  trial: { name: 'trial', columns: ['id', 'customer_id', 'subscription_id', 'start_date', 'end_date', 'status', 'converted_to_id'] },
  order: { name: 'customer_order', columns: ['id', 'customer_id', 'placed_at', 'status', 'subscription_id', 'summary'], timestamps: ['placed_at'] },
  orderEvent: { name: 'order_event', columns: ['order_id', 'at', 'status', 'note'], timestamps: ['at'] },
  invoice: { name: 'invoice', columns: ['id', 'customer_id', 'subscription_id', 'issued_on', 'due_on', 'amount_minor', 'currency', 'status'] },
  device: {
    name: 'device',
    columns: ['id', 'customer_id', 'mac', 'model', 'firmware', 'location_id', 'user_id', 'phone_number', 'extension', 'external_id'],
  },
  phoneNumber: {
    name: 'phone_number',
    columns: ['id', 'customer_id', 'e164', 'extension', 'location_id', 'country', 'pstn_provider', 'active', 'user_type', 'role', 'user_id', 'user_email'],
  },
  callLeg: {
    name: 'call_leg',
    columns: [
      'id', 'customer_id', 'call_id', 'started_at', 'duration_seconds', 'direction', 'endpoint_type', 'audio', 'video',
      'audio_jitter_ms', 'audio_latency_ms', 'audio_loss_pct', 'video_jitter_ms', 'video_latency_ms', 'video_loss_pct',
      'app_to_app', 'hunt_group', 'auto_attendant', 'call_queue', 'queue_outcome', 'queue_wait_seconds', 'user_id',
      'transfer', 'park', 'pickup',
    ],
    timestamps: ['started_at'],
  },
} as const satisfies Record<string, BulkTable>;
export type TableKey = keyof typeof TABLES;

/** Directory-store tables the generator fills. */
export const DIRECTORY_TABLES = {
  partner: { name: 'partner', columns: ['id', 'name', 'created_at'], timestamps: ['created_at'] },
  entry: {
    name: 'customer_directory_entry',
    columns: ['id', 'partner_id', 'name', 'country', 'region', 'external_id', 'managed_by', 'created_at'],
    timestamps: ['created_at'],
  },
} as const satisfies Record<string, BulkTable>;

/** A small deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes two integers into a 32-bit seed (so every customer has its own reproducible stream). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const HEX = '0123456789abcdef';
/** Deterministic UUID v4-shaped id from the PRNG. */
export function uuidFrom(random: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    const digit = i === 12 ? 4 : i === 16 ? 8 + Math.floor(random() * 4) : Math.floor(random() * 16);
    s += HEX[digit];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
/**
 * Deterministic, collision-free UUID-shaped id: a per-seed prefix, then customer `index` and the
 * customer's `n`-th id in the last 48 bits (so ids never collide within a seed, whatever the PRNG does).
 */
export function structuredUuid(seed: number, index: number, n: number): string {
  const a = hex8(mix(seed, 0x51ed));
  const b = hex8(mix(seed, 0xa5a5));
  const tail = (index * 2 ** 20 + n).toString(16).padStart(12, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-8${hex8(mix(seed, 0x77)).slice(0, 3)}-${tail}`;
}

/** Which store a country's customers live in: US→US, CA→CA, EU member states→EU, AE→AE. */
export function regionOfCountry(country: string): Region | null {
  if (country === 'US' || country === 'CA' || country === 'AE') return country;
  return EU_COUNTRIES.includes(country) ? 'EU' : null;
}
const EU_COUNTRIES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/** Countries customers are drawn from, with weights, dialling codes, currency and a time zone. */
const COUNTRIES: { code: string; weight: number; dial: string; currency: string; tz: string; cities: string[]; suffix: string }[] = [
  { code: 'US', weight: 36, dial: '1', currency: 'USD', tz: 'America/New_York', cities: ['New York', 'Austin', 'Denver', 'Chicago', 'Seattle'], suffix: 'Inc.' },
  { code: 'CA', weight: 10, dial: '1', currency: 'CAD', tz: 'America/Toronto', cities: ['Toronto', 'Montreal', 'Vancouver', 'Calgary'], suffix: 'Ltd.' },
  { code: 'DE', weight: 10, dial: '49', currency: 'EUR', tz: 'Europe/Berlin', cities: ['Berlin', 'Hamburg', 'München', 'Köln'], suffix: 'GmbH' },
  { code: 'NL', weight: 8, dial: '31', currency: 'EUR', tz: 'Europe/Amsterdam', cities: ['Amsterdam', 'Utrecht', 'Rotterdam', 'Eindhoven'], suffix: 'B.V.' },
  { code: 'FR', weight: 7, dial: '33', currency: 'EUR', tz: 'Europe/Paris', cities: ['Paris', 'Lyon', 'Lille', 'Nantes'], suffix: 'SAS' },
  { code: 'BE', weight: 4, dial: '32', currency: 'EUR', tz: 'Europe/Brussels', cities: ['Brussel', 'Antwerpen', 'Gent'], suffix: 'NV' },
  { code: 'IE', weight: 3, dial: '353', currency: 'EUR', tz: 'Europe/Dublin', cities: ['Dublin', 'Cork'], suffix: 'Ltd' },
  { code: 'ES', weight: 4, dial: '34', currency: 'EUR', tz: 'Europe/Madrid', cities: ['Madrid', 'Barcelona', 'Valencia'], suffix: 'S.L.' },
  { code: 'IT', weight: 4, dial: '39', currency: 'EUR', tz: 'Europe/Rome', cities: ['Milano', 'Roma', 'Torino'], suffix: 'S.r.l.' },
  { code: 'SE', weight: 3, dial: '46', currency: 'EUR', tz: 'Europe/Stockholm', cities: ['Stockholm', 'Göteborg'], suffix: 'AB' },
  { code: 'PL', weight: 2, dial: '48', currency: 'EUR', tz: 'Europe/Warsaw', cities: ['Warszawa', 'Kraków'], suffix: 'sp. z o.o.' },
  { code: 'AE', weight: 9, dial: '971', currency: 'AED', tz: 'Asia/Dubai', cities: ['Dubai', 'Abu Dhabi', 'Sharjah'], suffix: 'FZ-LLC' },
];
const COUNTRY_WEIGHT = COUNTRIES.reduce((sum, c) => sum + c.weight, 0);

const NAME_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Adatum', 'Proseware', 'Lucerne', 'Coho', 'Alpine', 'Blue Yonder', 'Fourth Coffee', 'Woodgrove', 'Trey', 'Margie', 'Nod', 'Bellows', 'Vandelay', 'Hooli', 'Pied Piper', 'Stark', 'Wayne', 'Cyberdyne', 'Soylent', 'Tyrell', 'Oscorp', 'Gringotts', 'Dunder', 'Sterling', 'Massive', 'Aperture', 'Black Mesa', 'Zorg', 'Nakatomi', 'Wonka'];
const NAME_B = ['Logistics', 'Health', 'Foods', 'Energy', 'Legal', 'Media', 'Motors', 'Bank', 'Retail', 'Labs', 'Insurance', 'Pharma', 'Travel', 'Hotels', 'Consulting', 'Software', 'Construction', 'Dental', 'Schools', 'Airlines', 'Shipping', 'Textiles', 'Brewing', 'Robotics', 'Security', 'Telecom', 'Print', 'Studios', 'Partners', 'Analytics'];
const NAME_C = ['', '', '', 'North', 'South', 'East', 'West', 'Central', 'Group', 'Holding', 'International', 'Europe', 'Digital', 'Services', 'Systems', 'Solutions', 'Works', 'One', 'Plus', 'Global'];
const FIRST_NAMES = ['Anna', 'Bram', 'Chen', 'Dana', 'Elif', 'Farah', 'Gert', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Noor', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq'];
const LAST_NAMES = ['Jansen', 'Smith', 'Martin', 'Haddad', 'Kowalski', 'Silva', 'Tanaka', 'Dubois', 'Novak', 'Okafor', 'Garcia', 'Müller', 'Rossi', 'Larsen', 'Nguyen', 'Khan'];
const DEVICE_MODELS = [
  { model: 'Desk Phone 8845', firmware: 'sip88xx.14-2-1' },
  { model: 'Desk Phone 9861', firmware: 'PhoneOS 3.1.1' },
  { model: 'Desk Phone 6871', firmware: 'sip68xx.12-0-4' },
  { model: 'Desk Pro', firmware: 'RoomOS 11.14' },
  { model: 'Room Kit Mini', firmware: 'RoomOS 11.14' },
  { model: 'ATA 192', firmware: 'ata192.11-2-5' },
];
const PSTN_PROVIDERS = ['Cloud Connected PSTN', 'Local Gateway', 'Premises PSTN', 'Partner PSTN'];
const NUMBER_TYPES = ['PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'AUTO_ATTENDANT', 'VIRTUAL_LINE', 'HUNT_GROUP', 'CALL_QUEUE', 'WORKSPACE', 'UNASSIGNED'] as const;
/** List price per licence per month, minor units. */
const PRICE: Record<Product, number> = { MEETINGS: 1200, CALLING: 1500, MESSAGING: 400, RTT: 800, CONTACT_CENTER: 6500 };

/** How much demo data to generate. */
export interface GeneratorOptions {
  customers: number;
  /** Weeks of licence snapshots and call legs before `now`. */
  weeks: number;
  seed: number;
  /** Total call legs over all Calling customers (default: 4 per customer per week). */
  callLegs?: number;
  /** Reference "now" every relative date is computed from (default: today 00:00 UTC). */
  now?: Date;
  partnerId: string;
  /**
   * Average subscriptions (paid and trial) per customer (default: the natural mix, about 1). Above
   * that, paying customers get extra single-product subscriptions (departments, add-ons) drawn
   * after all their other data, so the default output stays as it was.
   */
  subscriptionsPerCustomer?: number;
}

/** Share of customers in the PAID scenario (see {@link DemoGenerator.profile}); extra subscriptions go to them. */
const PAID_SHARE = 0.86;
/** Subscriptions per customer of the natural mix (1.063 measured on 100 000 generated customers, seed 1). */
export const NATURAL_SUBSCRIPTIONS_PER_CUSTOMER = 1.06;

/** What decides a customer's shape; cheap to compute, so the generator can size call legs up front. */
export interface CustomerProfile {
  index: number;
  id: string;
  name: string;
  country: (typeof COUNTRIES)[number];
  region: Region;
  users: number;
  products: Product[];
  /** What the partner should notice about this customer. */
  scenario: 'ORDER_SETUP' | 'EXPIRED' | 'TRIAL_ONLY' | 'PAID';
  /** Has (or had) a Calling subscription or trial, so it has call legs. */
  calling: boolean;
}

/** Shared state of one generator run: options, dates and the call-leg budget per customer. */
export class DemoGenerator {
  readonly now: number;
  /** Monday of the current week (00:00 UTC); snapshots cover the `weeks` completed weeks before it. */
  readonly weekStart: number;
  private readonly legWeightTotal: number;
  private readonly totalLegs: number;
  private legWeightSoFar = 0;
  private legsSoFar = 0;
  private readonly tag: string;

  constructor(readonly options: GeneratorOptions) {
    const now = options.now ?? new Date();
    this.now = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    this.weekStart = this.now - ((new Date(this.now).getUTCDay() + 6) % 7) * DAY;
    this.tag = (options.seed >>> 0).toString(36);
    let total = 0;
    for (let i = 0; i < options.customers; i++) {
      const profile = this.profile(i);
      if (profile.calling) total += profile.users;
    }
    this.legWeightTotal = total;
    this.totalLegs = options.callLegs ?? options.customers * options.weeks * 4;
  }

  /** The PRNG stream of customer `index` (the same on every run with the same seed). */
  private random(index: number): () => number {
    return mulberry32(mix(this.options.seed, index));
  }

  /** The profile of customer `index`; consumes the first draws of that customer's stream. */
  profile(index: number, random = this.random(index)): CustomerProfile {
    const id = structuredUuid(this.options.seed, index, 0);
    let roll = random() * COUNTRY_WEIGHT;
    const country = COUNTRIES.find((c) => (roll -= c.weight) < 0) ?? COUNTRIES[0];
    const name = [pick(random, NAME_A), pick(random, NAME_B), pick(random, NAME_C), country.suffix].filter(Boolean).join(' ');
    // Log-normal company size: median 35 users, long tail up to a few thousand.
    const users = Math.max(1, Math.min(20_000, Math.round(Math.exp(Math.log(35) + 1.25 * gaussian(random)))));
    const products: Product[] = [];
    if (random() < 0.08) products.push('MESSAGING');
    else {
      const calling = random() < 0.7;
      if (random() < 0.85 || !calling) products.push('MEETINGS');
      if (calling) products.push('CALLING');
      if (random() < 0.5) products.push('MESSAGING');
      if (random() < 0.12) products.push('RTT');
      if (random() < 0.08) products.push('CONTACT_CENTER');
    }
    const u = random();
    const scenario = u < 0.03 ? 'ORDER_SETUP' : u < 0.08 ? 'EXPIRED' : u < 0.14 ? 'TRIAL_ONLY' : 'PAID';
    const calling = products.includes('CALLING') && scenario !== 'ORDER_SETUP';
    return { index, id, name, country, region: regionOfCountry(country.code) as Region, users, products, scenario, calling };
  }

  /** Every region-store row of customer `index`, plus its directory entry, in foreign-key order. */
  *customer(index: number): Generator<[TableKey | 'directory', BulkRow]> {
    const random = this.random(index);
    const p = this.profile(index, random);
    const { now } = this;
    const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const key = `${this.tag}${index.toString(36)}`;
    let ids = 0;
    const nextId = () => structuredUuid(this.options.seed, index, ++ids);
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const domain = `${p.name.split(' ')[0].toLowerCase().replace(/[^a-z]/g, '')}${index}.example`;
    const wholesale = random() < 0.2;

    const { scenario } = p;
    const recentlyAdded = random() < 0.1;
    const customerSince = recentlyAdded ? now - between(3, 89) * DAY : now - between(120, 1500) * DAY;
    const signIn = random();
    const lastAdminSignInAt = signIn < 0.03 ? null : signIn < 0.18 ? now - between(31, 200) * DAY : now - between(0, 29) * DAY - between(0, 86_000) * 1000;

    yield ['directory', [p.id, this.options.partnerId, p.name, p.country.code, p.region, wholesale ? `WS-${key.toUpperCase()}` : null, random() < 0.7 ? 'EXTERNAL_ADMIN' : 'PARTNER_ORG', customerSince]];
    yield [
      'customer',
      [p.id, this.options.partnerId, p.name, p.country.code, `${first} ${last}`, `${first}.${last}@${domain}`.toLowerCase(), `+${p.country.dial}${between(200_000_000, 999_999_999)}`, lastAdminSignInAt, customerSince],
    ];

    const locations: string[] = [];
    for (let l = 0, n = Math.min(12, 1 + Math.floor(p.users / 250)); l < n; l++) {
      const id = nextId();
      locations.push(id);
      const city = pick(random, p.country.cities);
      yield ['location', [id, p.id, l === 0 ? 'Head office' : `${city} office ${l}`, `${between(1, 250)} Main Street`, city, p.country.code, p.country.tz]];
    }

    // Subscriptions (paid and trial) with licence lines, weekly snapshots, orders and invoices.
    let subscriptionNumber = 0;
    const self = this;
    function* subscription(kind: 'PAID' | 'TRIAL', start: number, end: number, products: Product[], shape: { autoRenew: boolean; billing: string; assignment: 'normal' | 'low' | 'overage' }) {
      const id = `${kind === 'PAID' ? 'Sub' : 'Trl'}-${key}-${++subscriptionNumber}`;
      yield ['subscription', [id, p.id, kind, date(start), date(end), shape.autoRenew ? 1 : 0, shape.billing]] as [TableKey, BulkRow];
      const orderId = `Ord-${key}-${subscriptionNumber}`;
      const lines: { product: Product; purchased: number; assigned: number; used: number }[] = [];
      for (const product of products) {
        const base = product === 'RTT' ? Math.ceil(p.users * 0.1) : product === 'CONTACT_CENTER' ? 1 + Math.ceil(p.users * 0.05) : p.users;
        const purchased = kind === 'TRIAL' ? Math.min(base, between(5, 100)) : Math.max(1, Math.round(base * (0.9 + random() * 0.3)));
        const ratio = shape.assignment === 'overage' ? 1.05 + random() * 0.25 : shape.assignment === 'low' ? 0.05 + random() * 0.3 : 0.55 + random() * 0.43;
        const assigned = Math.max(shape.assignment === 'overage' ? purchased + 1 : 0, Math.round(purchased * ratio));
        const used = Math.round(assigned * (0.35 + random() * 0.6));
        lines.push({ product, purchased, assigned, used });
        yield ['licenseLine', [nextId(), id, product, purchased, assigned, used]] as [TableKey, BulkRow];
        // Weekly snapshots: assignment and use ramp up to today's figures over the subscription's life.
        for (let w = self.options.weeks; w >= 1; w--) {
          const week = self.weekStart - w * 7 * DAY;
          if (week + 6 * DAY < start || week > end) continue;
          const progress = Math.min(1, (week - start) / (90 * DAY) + 0.5) * (1 - (w - 1) * 0.004);
          const noise = 1 + (random() - 0.5) * 0.04;
          const a = Math.max(0, Math.round(assigned * progress * noise));
          yield ['licenseSnapshot', [p.id, id, product, date(week), purchased, a, Math.min(a, Math.round(used * progress * noise))]] as [TableKey, BulkRow];
        }
      }
      const summary = lines.map((l) => `${l.product}:${l.purchased}`).join(',');
      const placed = start - between(2, 20) * DAY;
      yield ['order', [orderId, p.id, placed, 'COMPLETED', id, summary]] as [TableKey, BulkRow];
      yield ['orderEvent', [orderId, placed, 'PLACED', 'Order received']] as [TableKey, BulkRow];
      yield ['orderEvent', [orderId, placed + DAY, 'PROVISIONING', '']] as [TableKey, BulkRow];
      yield ['orderEvent', [orderId, start, 'COMPLETED', 'Subscription set up']] as [TableKey, BulkRow];
      if (kind === 'PAID') {
        const monthly = lines.reduce((sum, l) => sum + l.purchased * PRICE[l.product], 0);
        const lastMonth = Math.min(now, end);
        for (let m = 2; m >= 0; m--) {
          const issued = lastMonth - m * 30 * DAY;
          if (issued < start) continue;
          const status = m > 0 ? 'PAID' : shape.billing === 'UNPAID' || shape.billing === 'SUSPENDED' ? 'OVERDUE' : issued + 30 * DAY > now ? 'OPEN' : 'PAID';
          yield ['invoice', [`Inv-${key}-${subscriptionNumber}-${3 - m}`, p.id, id, date(issued), date(issued + 30 * DAY), monthly, p.country.currency, status]] as [TableKey, BulkRow];
        }
      }
      return id;
    }

    const billingRoll = random();
    const billing = billingRoll < 0.04 ? 'UNPAID' : billingRoll < 0.06 ? 'SUSPENDED' : 'ACTIVE';
    const assignmentRoll = random();
    const assignment = assignmentRoll < 0.07 ? 'overage' : assignmentRoll < 0.18 ? 'low' : 'normal';
    const autoRenew = random() < 0.55;
    const paidProducts = p.products;
    let paidId: string | null = null;
    if (scenario === 'PAID') {
      const e = random();
      const endIn = e < 0.08 ? between(1, 30) : e < 0.2 ? between(31, 90) : between(91, 700);
      const start = Math.max(customerSince, now + endIn * DAY - between(1, 3) * 365 * DAY);
      paidId = yield* subscription('PAID', start, now + endIn * DAY, paidProducts, { autoRenew, billing, assignment });
      if (paidProducts.length > 2 && random() < 0.15) {
        yield* subscription('PAID', now - between(30, 300) * DAY, now + between(60, 500) * DAY, paidProducts.slice(-1), { autoRenew: !autoRenew, billing: 'ACTIVE', assignment: 'normal' });
      }
    } else if (scenario === 'EXPIRED') {
      const end = now - between(5, 200) * DAY;
      yield* subscription('PAID', end - 365 * DAY, end, paidProducts, { autoRenew: false, billing: random() < 0.5 ? 'CANCELLED' : 'ACTIVE', assignment: 'normal' });
    } else if (scenario === 'ORDER_SETUP') {
      const orderId = `Ord-${key}-0`;
      const placed = now - between(1, 20) * DAY;
      yield ['order', [orderId, p.id, placed, random() < 0.5 ? 'PLACED' : 'PROVISIONING', null, paidProducts.map((x) => `${x}:${p.users}`).join(',')]];
      yield ['orderEvent', [orderId, placed, 'PLACED', 'Order received']];
    }

    // Trials: every trial-only customer plus a few paying ones (~10 % of all customers).
    if (scenario === 'TRIAL_ONLY' || (scenario === 'PAID' && random() < 0.05)) {
      const s = random();
      const status = scenario === 'PAID' ? 'RUNNING' : s < 0.7 ? 'RUNNING' : s < 0.9 ? 'EXPIRED' : 'CONVERTED';
      const start = status === 'RUNNING' ? now - between(0, 29) * DAY : now - between(40, 120) * DAY;
      const end = start + 30 * DAY;
      const products = paidProducts.filter((x) => x !== 'MESSAGING').slice(0, 2);
      const trialProducts = products.length > 0 ? products : paidProducts;
      const trialSubscription = yield* subscription('TRIAL', start, end, trialProducts, { autoRenew: false, billing: 'ACTIVE', assignment: 'normal' });
      let convertedTo: string | null = null;
      if (status === 'CONVERTED') {
        convertedTo = yield* subscription('PAID', end, end + 365 * DAY, trialProducts, { autoRenew: true, billing: 'ACTIVE', assignment: 'normal' });
      }
      yield ['trial', [`Trial-${key}-1`, p.id, trialSubscription, date(start), date(end), status, convertedTo]];
    }
    void paidId;

    // Devices and numbers (E.164 and extension-only) for Calling customers, room devices for Meetings.
    const userIds: string[] = [];
    for (let n = 0, count = Math.min(30, Math.ceil(p.users * 0.5)); n < count; n++) userIds.push(nextId());
    const number = () => `+${p.country.dial}${between(200_000_000, 999_999_999)}`;
    const deviceCount = p.products.includes('CALLING') ? Math.min(40, Math.ceil(p.users * 0.2)) : p.products.includes('MEETINGS') ? Math.min(5, Math.ceil(p.users / 60)) : 0;
    for (let d = 0; d < deviceCount; d++) {
      const model = p.products.includes('CALLING') ? pick(random, DEVICE_MODELS) : DEVICE_MODELS[3 + Math.floor(random() * 2)];
      const personal = p.products.includes('CALLING') && random() < 0.7;
      const mac = Array.from({ length: 6 }, () => HEX[Math.floor(random() * 16)] + HEX[Math.floor(random() * 16)]).join(':').toUpperCase();
      yield [
        'device',
        [nextId(), p.id, mac, model.model, model.firmware, locations[d % locations.length], personal ? pick(random, userIds) : null, personal ? number() : null, personal ? String(1000 + d) : null, wholesale ? `WSD-${key}-${d}` : null],
      ];
    }
    const numberCount = p.products.includes('CALLING') ? Math.min(60, Math.ceil(p.users * 0.3)) : 0;
    for (let n = 0; n < numberCount; n++) {
      const extensionOnly = random() < 0.25;
      const type = pick(random, NUMBER_TYPES);
      const person = type === 'PERSON' ? pick(random, userIds) : null;
      yield [
        'phoneNumber',
        [nextId(), p.id, extensionOnly ? null : number(), random() < 0.8 || extensionOnly ? String(2000 + n) : null, locations[n % locations.length], p.country.code, extensionOnly ? null : pick(random, PSTN_PROVIDERS), type === 'UNASSIGNED' ? 0 : 1, type, random() < 0.85 ? 'PRIMARY' : 'SECONDARY', person, person ? `user.${parseInt(person.slice(-5), 16)}@${domain}` : null],
      ];
    }

    if (p.calling) yield* this.callLegs(p, random, userIds, key);

    // Extra single-product subscriptions (only with `subscriptionsPerCustomer`), last so they never shift the draws above.
    const target = this.options.subscriptionsPerCustomer;
    if (scenario === 'PAID' && target !== undefined && target > NATURAL_SUBSCRIPTIONS_PER_CUSTOMER) {
      const mean = (target - NATURAL_SUBSCRIPTIONS_PER_CUSTOMER) / PAID_SHARE;
      const extra = Math.floor(mean) + (random() < mean - Math.floor(mean) ? 1 : 0);
      for (let x = 0; x < extra; x++) {
        const product = pick(random, paidProducts);
        const e = random();
        const endIn = e < 0.02 ? 0 : e < 0.1 ? between(1, 30) : e < 0.22 ? between(31, 90) : between(91, 700);
        const start = Math.max(customerSince, now + endIn * DAY - between(1, 3) * 365 * DAY);
        const roll = random();
        const shape = { autoRenew: random() < 0.55, billing: random() < 0.03 ? 'CANCELLED' : 'ACTIVE', assignment: roll < 0.07 ? 'overage' : roll < 0.18 ? 'low' : 'normal' } as const;
        yield* subscription('PAID', start, now + endIn * DAY, [product], shape);
      }
    }
  }

  /** This customer's share of the call-leg budget, as call legs over the last `weeks` weeks. */
  private *callLegs(p: CustomerProfile, random: () => number, userIds: string[], key: string): Generator<[TableKey, BulkRow]> {
    this.legWeightSoFar += p.users;
    const target = Math.round((this.legWeightSoFar / this.legWeightTotal) * this.totalLegs);
    let legs = target - this.legsSoFar;
    this.legsSoFar = target;
    const span = this.options.weeks * 7;
    const poorRate = random() < 0.12 ? 0.12 : 0.015;
    // Every seventh customer runs call queues whatever its size, so even a small region has queue data.
    const queues = p.products.includes('CONTACT_CENTER') || p.index % 7 === 0 || (p.users > 40 && random() < 0.35);
    // Transfer, park and pickup draw from a stream of their own, so adding them left every other figure as it was.
    const features = mulberry32(mix(this.options.seed ^ 0x7f4a7c15, p.index));
    let call = 0;
    let leg = 0;
    while (legs > 0) {
      const callId = `C-${key}-${(call++).toString(36)}`;
      let day = Math.floor(random() * span);
      if (((new Date(this.weekStart - span * DAY + day * DAY).getUTCDay() + 6) % 7) >= 5 && random() < 0.8) day = Math.floor(random() * span);
      const start = this.weekStart - span * DAY + day * DAY + Math.floor((7 + random() * 11) * 3_600_000);
      const inbound = random() < 0.5;
      const viaQueue = queues && inbound && random() < 0.35;
      const outcomeRoll = random();
      const outcome = !viaQueue ? null : outcomeRoll < 0.74 ? 'ANSWERED' : outcomeRoll < 0.87 ? 'ABANDONED' : outcomeRoll < 0.92 ? 'TIMED_OUT' : outcomeRoll < 0.96 ? 'OVERFLOWED' : 'TRANSFERRED';
      const wait = !viaQueue ? null : Math.round(outcome === 'ANSWERED' ? 5 + Math.exp(2.8 + 0.6 * gaussian(random)) : outcome === 'TIMED_OUT' ? 180 : 10 + Math.exp(3.5 + 0.5 * gaussian(random)));
      const duration = outcome === 'ABANDONED' || outcome === 'TIMED_OUT' ? (wait as number) : Math.max(3, Math.round(Math.exp(Math.log(150) + 0.9 * gaussian(random))));
      const autoAttendant = inbound && (viaQueue || random() < 0.2);
      const huntGroup = inbound && !viaQueue && random() < 0.1;
      const parts = Math.min(legs, random() < 0.8 ? 2 : random() < 0.5 ? 1 : 3);
      const answered = outcome === null || outcome === 'ANSWERED';
      // Answered calls are sometimes transferred (on their last leg) or parked (on their first); inbound calls ringing a user are sometimes picked up elsewhere.
      const transfer = answered && features() < 0.1;
      const park = answered && features() < 0.06;
      const pickup = inbound && !viaQueue && features() < 0.08;
      for (let k = 0; k < parts; k++, legs--) {
        const e = random();
        const endpoint = e < 0.35 ? 'DESK_PHONE' : e < 0.8 ? 'APP' : e < 0.9 ? 'ROOM_DEVICE' : 'THIRD_PARTY';
        const video = endpoint === 'ROOM_DEVICE' || (endpoint === 'APP' && random() < 0.3);
        const poor = random() < poorRate;
        const badStream = poor && video && random() < 0.4 ? 'video' : 'audio';
        const q = (stream: 'audio' | 'video') => stream === badStream && poor ? poorStream(random) : goodStream(random);
        const [aj, al, ap] = q('audio');
        const [vj, vl, vp] = video ? q('video') : [null, null, null];
        yield [
          'callLeg',
          [
            `L-${key}-${(leg++).toString(36)}`, p.id, callId, start + k * 1000, duration, k === 0 ? (inbound ? 'INBOUND' : 'OUTBOUND') : inbound ? 'OUTBOUND' : 'INBOUND', endpoint, 1, video ? 1 : 0,
            aj, al, ap, vj, vl, vp, endpoint === 'APP' && !inbound && random() < 0.25 ? 1 : 0, huntGroup ? 1 : 0, autoAttendant ? 1 : 0, viaQueue ? 1 : 0, outcome, wait,
            userIds.length > 0 && random() < 0.9 ? userIds[Math.floor(random() * userIds.length)] : null,
            transfer && k === parts - 1 ? 1 : 0, park && k === 0 ? 1 : 0, pickup && k === parts - 1 ? 1 : 0,
          ],
        ];
      }
    }
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const round1 = (x: number) => Math.round(x * 10) / 10;
/** Jitter ms, latency ms, loss % of a healthy stream. */
function goodStream(random: () => number): [number, number, number] {
  return [round1(2 + random() * 40), round1(20 + random() * 160), round1(random() * random() * 2)];
}
/** A stream over at least one poor-quality threshold (jitter > 150 ms, latency > 400 ms, loss > 5 %). */
function poorStream(random: () => number): [number, number, number] {
  const [j, l, p] = goodStream(random);
  const which = random();
  return which < 0.34 ? [round1(151 + random() * 250), l, p] : which < 0.67 ? [j, round1(401 + random() * 500), p] : [j, l, round1(5.1 + random() * 15)];
}
