// Customer list at scale: for a matrix of search × filter × sort combinations (one region and several),
// the first page, the last page and the facets request of the list page, each through the BFF over
// HTTP (GraphQL) and as the very same SQL run directly with better-sqlite3 on the same files: the
// statements the service runs for that request (thresholds, queued-change check, per-region readiness,
// the page or facet statement of each region, the page's tags), built by bff/dist/customers/customer-list.sql.js.
// BFF and SQL samples alternate, so both see the same machine load.
//
// Targets (issue #5, point 7): first page p95 ≤ 50 ms; last page p95 ≤ 1.5 × first page p95;
// BFF p95 ≤ 1.5 × SQL p95. The facets request is held to the same budget and ratio.
// Beside them, the floor: the cheapest authenticated GraphQL request (FLOOR, it reads no customer data)
// in the same alternation. Where the floor alone costs more than half the SQL, 1.5 × that SQL leaves
// nothing for the list's own work (its SQL aside); the bench says so next to the ratio.
// Size: PH_BENCH_CUSTOMERS (default 100 000). Samples per measurement: PH_BENCH_ITERATIONS (default 100).
// Port of the BFF it starts: PH_BENCH_PORT (default: a free port). PH_BENCH_ONLY: a regular expression;
// only the combinations whose name matches it are measured (e.g. `search`). PH_BENCH_DATA_DIR reuses a
// folder seeded before (kept afterwards; its tags are made on the first run).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, root, seedDataDir, startSignedInBff } from './harness.mjs';

const require = createRequire(join(root, 'bff/package.json'));
const REGIONS = ['US', 'CA', 'EU', 'AE'];
const HEADER_REGION = 'EU';
const FIRST = 50;
const BUDGET_MS = 50;
const MAX_RATIO = 1.5;
// The page's two requests, as mf-customers/src/customer-list.tsx sends them (CUSTOMER_LIST_QUERY,
// CUSTOMER_FACETS_QUERY); that module's tests check the two stay alike.
export const LIST = `
  query CustomerList($region: Region!, $first: Int, $after: String, $filter: CustomerFilterInput, $sort: CustomerSort, $descending: Boolean) {
    customers(region: $region, first: $first, after: $after, filter: $filter, sort: $sort, descending: $descending) {
      totalCount
      nodes { id name country region statuses products licensesPurchased licensesAssigned nextEndDate managedBy launchUrl tags { id name color } }
      pageInfo { endCursor hasNextPage }
    }
  }
`;
export const FACETS = `
  query CustomerFacets($region: Region!, $filter: CustomerFilterInput) {
    customerFacets(region: $region, filter: $filter) {
      total
      statuses { value count }
      subscriptionTypes { value count }
      products { value count }
      managedBy { value count }
      tags { tag { id name color } count }
      regions { value count }
    }
  }
`;

// The BFF's fixed cost per request: HTTP, GraphQL, the session lookup and the guard, no customer data.
const FLOOR = 'query Floor { me { email } }';

/** The matrix: `filter` as the page sends it (tag names are resolved to ids after they are created). */
function combinations(tags, idFragment) {
  return [
    { name: 'all, by name', filter: {}, sort: 'NAME' },
    { name: 'search "acme", by name', filter: { search: 'acme' }, sort: 'NAME' },
    { name: 'search an org-id fragment, by name', filter: { search: idFragment }, sort: 'NAME' },
    { name: 'tag Gold, by tags', filter: { tagIds: [tags.Gold] }, sort: 'TAGS' },
    { name: 'all, by tags desc', filter: {}, sort: 'TAGS', descending: true },
    { name: 'Expiring soon, by renewal date', filter: { statuses: ['EXPIRING_SOON'] }, sort: 'NEXT_END_DATE' },
    { name: 'Expiring soon + Calling + tag Watch, by status desc', filter: { statuses: ['EXPIRING_SOON'], products: ['CALLING'], tagIds: [tags.Watch] }, sort: 'STATUS', descending: true },
    { name: 'No recent activity + Calling, by name', filter: { statuses: ['NO_RECENT_ACTIVITY'], products: ['CALLING'] }, sort: 'NAME' },
    { name: 'Calling + Subscription, by licences desc', filter: { products: ['CALLING'], statuses: ['SUBSCRIPTION'] }, sort: 'LICENSES_TOTAL', descending: true },
    { name: 'trial type, by status desc', filter: { subscriptionTypes: ['TRIAL'] }, sort: 'STATUS', descending: true },
    { name: 'managed by external admin, by managed-by', filter: { managedBy: ['EXTERNAL_ADMIN'] }, sort: 'MANAGED_BY' },
    { name: 'search "health" + Suspended/Overage, by status desc', filter: { search: 'health', statuses: ['SUSPENDED', 'LICENSE_OVERAGE'] }, sort: 'STATUS', descending: true },
    { name: 'Contact Center + Meetings, by products desc', filter: { products: ['CONTACT_CENTER', 'MEETINGS'] }, sort: 'PRODUCTS', descending: true },
    { name: 'all regions, by name', filter: { regions: REGIONS }, sort: 'NAME' },
    { name: 'all regions, Expiring soon, by status desc', filter: { regions: REGIONS, statuses: ['EXPIRING_SOON'] }, sort: 'STATUS', descending: true },
    { name: 'US + EU, search "acme" + tag Watch, by tags desc', filter: { regions: ['US', 'EU'], search: 'acme', tagIds: [tags.Watch] }, sort: 'TAGS', descending: true },
    { name: 'all regions, managed by partner, by region', filter: { regions: REGIONS, managedBy: ['PARTNER_ORG'] }, sort: 'REGION' },
  ];
}

/** p95 of samples, 3 decimals. */
const p95 = (samples) => Number(percentile(samples, 95).toFixed(3));

/** Returns one entry per target and combination: value against baseline (budget, first page or SQL), in ms. */
export async function benchCustomerList() {
  const customers = Number(process.env.PH_BENCH_CUSTOMERS ?? 100_000);
  const iterations = Number(process.env.PH_BENCH_ITERATIONS ?? 100);
  const reuse = process.env.PH_BENCH_DATA_DIR;
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'ph-bench-list-'));
  let bff;
  const handles = [];
  try {
    // The seed CLI's bulk path; the list needs no call legs and one week of licence history.
    if (!reuse) {
      const seeded = Date.now();
      seedDataDir(dataDir, ['--customers', String(customers), '--weeks', '1', '--seed', '1', '--call-legs', '0']);
      console.log(`customer list bench: seeded ${customers} customers in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);
    }

    const Database = require('better-sqlite3');
    const sql = require(join(root, 'bff/dist/customers/customer-list.sql.js'));
    const open = (file) => {
      const db = new Database(join(dataDir, file), { readonly: true });
      handles.push(db);
      return db;
    };
    const directory = open('directory.sqlite');
    const stores = Object.fromEntries(REGIONS.map((r) => [r, open(`region-${r.toLowerCase()}.sqlite`)]));
    const { id: partnerId } = directory.prepare('select id from partner').get();

    bff = await startSignedInBff({ dataDir });
    const ask = async (query, variables) => bff.graphql(query, variables);
    const askTimed = async (query, variables) => ({ ms: (await bff.timed(query, variables)).ms });

    // Tags through the BFF (the real write path: directory, then each region's copies).
    // A reused data folder has them from its first run.
    const tags = Object.fromEntries((await ask('{ tags { id name } }')).tags.map((t) => [t.name, t.id]));
    const plan = { Gold: { EU: 1500, US: 500 }, Watch: { EU: 400, US: 300, CA: 100 }, 'Churn risk': { EU: 80 } };
    for (const [index, [name, perRegion]] of Object.entries(plan).entries()) {
      if (tags[name]) continue;
      tags[name] = (await ask('mutation($i: CreateTagInput!) { createTag(input: $i) { id } }', { i: { name, color: '#336699' } })).createTag.id;
      for (const [region, n] of Object.entries(perRegion)) {
        const offset = (index + 1) * 1000;
        const ids = stores[region].prepare('select id from customer order by id limit ? offset ?').all(n, offset).map((r) => r.id);
        for (let at = 0; at < ids.length; at += 200) {
          await ask('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region, tagId: tags[name], customerIds: ids.slice(at, at + 200) } });
        }
      }
    }
    const someId = stores.EU.prepare('select id from customer order by name limit 1 offset 777').get().id;

    // The service's statements, run directly (prepared once, as the BFF's reader keeps them too).
    const prepared = new Map();
    const statement = (db, text) => {
      let byDb = prepared.get(db);
      if (!byDb) prepared.set(db, (byDb = new Map()));
      let s = byDb.get(text);
      if (!s) byDb.set(text, (s = db.prepare(text)));
      return s;
    };
    const all = (db, s) => statement(db, s.text).all(...s.params);
    const get = (db, s) => statement(db, s.text).get(...s.params);
    const normalise = (f) => ({ search: f.search ?? '', statuses: f.statuses ?? [], products: f.products ?? [], managedBy: f.managedBy ?? [], subscriptionTypes: f.subscriptionTypes ?? [], tagIds: f.tagIds ?? [] });
    const regionsOf = (f) => (f.regions?.length ? REGIONS.filter((r) => f.regions.includes(r)) : [HEADER_REGION]);
    const ready = (regions) => {
      const now = Date.now();
      const row = get(directory, sql.settingsSql(partnerId));
      const days = { expiringSoonDays: row?.expiring_soon_days ?? 30, noRecentActivityDays: row?.no_recent_activity_days ?? 30 };
      all(directory, sql.pendingRegionsSql());
      const today = new Date(now).toISOString().slice(0, 10);
      for (const region of regions) get(stores[region], sql.readinessSql(partnerId, today, sql.thresholdsAt('sqlite', days, now)));
    };
    const ctxOf = (region) => ({ dialect: 'sqlite', region, partnerId, visible: 'all' });
    const directList = (c, position) => {
      const regions = regionsOf(c.filter);
      ready(regions);
      const filter = normalise(c.filter);
      const keys = sql.sortKeyTypes(c.sort).length;
      const rows = [];
      for (const region of regions) {
        for (const row of all(stores[region], sql.listSql(ctxOf(region), filter, c.sort, Boolean(c.descending), position, FIRST))) {
          if (row.pid !== null) rows.push({ key: [...Array.from({ length: keys }, (_, i) => row[`k${i}`]), row.pid], row });
        }
      }
      const order = c.descending ? -1 : 1;
      rows.sort((a, b) => {
        for (let i = 0; i < a.key.length; i++) {
          const cmp = sql.compareValues(a.key[i], b.key[i]);
          if (cmp !== 0) return order * cmp;
        }
        return 0;
      });
      const page = rows.slice(0, FIRST);
      if (page.length) all(directory, sql.itemTagsSql(partnerId, page.map((r) => r.row.pid)));
      return page.length;
    };
    const directFacets = (c) => {
      ready(REGIONS);
      const filter = normalise(c.filter);
      const chosen = regionsOf(c.filter);
      for (const region of REGIONS) all(stores[region], chosen.includes(region) ? sql.facetSql(ctxOf(region), filter) : sql.countSql(ctxOf(region), filter));
      all(directory, sql.partnerTagsSql(partnerId));
    };
    const decode = (cursor) => (cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null);

    const results = [];
    const table = [];
    const only = process.env.PH_BENCH_ONLY ? new RegExp(process.env.PH_BENCH_ONLY, 'i') : null;
    for (const c of combinations(tags, someId.slice(-7)).filter((c) => !only || only.test(c.name))) {
      const variables = { region: HEADER_REGION, first: FIRST, filter: c.filter, sort: c.sort, descending: Boolean(c.descending) };
      // The last page: walk there once with big pages, then with pages of FIRST.
      let after = null;
      let total = 0;
      for (;;) {
        const page = (await ask(LIST, { ...variables, first: 200, after })).customers;
        total = page.totalCount;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      let lastAfter = after;
      for (;;) {
        const page = (await ask(LIST, { ...variables, after: lastAfter })).customers;
        if (!page.pageInfo.hasNextPage) break;
        lastAfter = page.pageInfo.endCursor;
      }
      const samples = { first: [], last: [], sql: [], sqlLast: [], facets: [], facetsSql: [], floor: [] };
      // A run that answers `{ ms }` has measured itself (a request's time on the wire); else its wall time counts.
      const timed = async (list, run) => {
        const started = performance.now();
        const own = await run();
        list.push(typeof own?.ms === 'number' ? own.ms : performance.now() - started);
      };
      for (let i = 0; i < iterations + 10; i++) {
        const keep = i >= 10; // the first 10 rounds warm up
        const s = keep ? samples : { first: [], last: [], sql: [], sqlLast: [], facets: [], facetsSql: [], floor: [] };
        await timed(s.first, () => askTimed(LIST, variables));
        await timed(s.sql, () => directList(c, null));
        await timed(s.last, () => askTimed(LIST, { ...variables, after: lastAfter }));
        await timed(s.sqlLast, () => directList(c, decode(lastAfter)));
        await timed(s.facets, () => askTimed(FACETS, { region: HEADER_REGION, filter: c.filter }));
        await timed(s.facetsSql, () => directFacets(c));
        await timed(s.floor, () => askTimed(FLOOR));
      }
      const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, p95(v)]));
      const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
      table.push({
        combination: c.name,
        rows: total,
        'first p95': m.first,
        [`first ≤${BUDGET_MS} ms`]: verdict(m.first <= BUDGET_MS),
        'last p95': m.last,
        'last/first': Number((m.last / m.first).toFixed(2)),
        [`last ≤${MAX_RATIO}× first`]: verdict(m.last <= MAX_RATIO * m.first),
        'last SQL p95': m.sqlLast,
        'SQL p95': m.sql,
        'BFF/SQL': Number((m.first / m.sql).toFixed(2)),
        [`BFF ≤${MAX_RATIO}× SQL`]: verdict(m.first <= MAX_RATIO * m.sql),
        'floor p95': m.floor,
        'floor/SQL': Number((m.floor / m.sql).toFixed(2)),
        'facets p95': m.facets,
        [`facets ≤${BUDGET_MS} ms`]: verdict(m.facets <= BUDGET_MS),
        'facets SQL p95': m.facetsSql,
        'facets BFF/SQL': Number((m.facets / m.facetsSql).toFixed(2)),
        'p50 first / SQL / facets / facets SQL': [samples.first, samples.sql, samples.facets, samples.facetsSql].map((v) => percentile(v, 50).toFixed(1)).join(' / '),
        [`facets BFF ≤${MAX_RATIO}× SQL`]: verdict(m.facets <= MAX_RATIO * m.facetsSql),
      });
      const at = `${c.name} (${customers} customers)`;
      results.push(
        { name: `customer list first page p95 vs ${BUDGET_MS} ms budget: ${at}`, value: m.first, unit: 'ms', baseline: BUDGET_MS },
        { name: `customer list last page p95 vs first page p95: ${at}`, value: m.last, unit: 'ms', baseline: m.first },
        { name: `customer list first page p95, BFF vs SQL: ${at}`, value: m.first, unit: 'ms', baseline: m.sql },
        { name: `request floor p95 (an authenticated request reading no customer data) vs the first page's SQL p95: ${at}`, value: m.floor, unit: 'ms', baseline: m.sql },
        { name: `customer facets p95 vs ${BUDGET_MS} ms budget: ${at}`, value: m.facets, unit: 'ms', baseline: BUDGET_MS },
        { name: `customer facets p95, BFF vs SQL: ${at}`, value: m.facets, unit: 'ms', baseline: m.facetsSql },
      );
      console.log(JSON.stringify(table.at(-1)));
    }
    console.table(table);
    const failed = table.flatMap((row) => Object.entries(row).filter(([, v]) => v === 'FAIL').map(([k]) => `${row.combination}: ${k}`));
    console.log(failed.length ? `customer list targets missed (${failed.length}):\n  ${failed.join('\n  ')}` : 'customer list: every target met');
    const belowFloor = table.filter((row) => row[`BFF ≤${MAX_RATIO}× SQL`] === 'FAIL' && row['floor p95'] > (MAX_RATIO - 1) * row['SQL p95']);
    for (const row of belowFloor) {
      console.log(
        `  ${row.combination}: the floor alone (p95 ${row['floor p95']} ms) is over ${MAX_RATIO - 1} × its SQL (p95 ${row['SQL p95']} ms): ` +
          `the page does the floor's work and then this SQL, so ${MAX_RATIO} × SQL leaves less than nothing for the list's own work`,
      );
    }
    return results;
  } finally {
    for (const db of handles) db.close();
    await bff?.stop();
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchCustomerList());
