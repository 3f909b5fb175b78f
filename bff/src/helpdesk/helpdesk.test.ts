import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CSRF_HEADER, ErrorCode, PartnerRole } from '@ph/contracts';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { loadConfig } from '../config/config';
import { CustomerAdminAssignment, PartnerUser } from '../auth/user.entity';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { HelpdeskRequest } from './helpdesk-request.entity';
import { HelpdeskWorker } from './helpdesk.worker';
import { validateHelpdeskInput } from './helpdesk.service';

const dialects = inject('dialects');

const SUBMIT = 'mutation($input: HelpdeskRequestInput!) { submitHelpdeskRequest(input: $input) { id status channels customerName } }';
const LIST = '{ helpdeskRequests { id subject userEmail customerName status attempts lastError deliveredAt } }';

interface Row {
  id: string;
  status: string;
  attempts: number | string;
  last_error: string | null;
  email_delivered_at: unknown;
  webhook_delivered_at: unknown;
}

describe('helpdesk configuration', () => {
  it('refuses an SMTP server without a recipient, and bad URLs, at start', () => {
    expect(() => loadConfig({ HELPDESK_SMTP_URL: 'smtp://127.0.0.1:25' })).toThrow(/HELPDESK_EMAIL_TO: HELPDESK_EMAIL_TO is required with HELPDESK_SMTP_URL/);
    expect(() => loadConfig({ HELPDESK_WEBHOOK_URL: 'ftp://example.com/x' })).toThrow(/HELPDESK_WEBHOOK_URL/);
    expect(loadConfig({}).helpdesk).toMatchObject({ smtpUrl: null, webhookUrl: null });
  });
});

describe('validateHelpdeskInput', () => {
  it('names every bad field with a reason the UI translates', () => {
    expect(validateHelpdeskInput({ subject: ' ', message: 'short', product: 'CALLING' })).toEqual([
      { field: 'input.subject', reason: 'required' },
      { field: 'input.message', reason: 'tooShort', params: { min: 10 } },
    ]);
    expect(validateHelpdeskInput({ subject: 'x'.repeat(201), message: 'y'.repeat(5001), product: 'NOPE' as never, customerId: 'c' })).toEqual([
      { field: 'input.subject', reason: 'tooLong', params: { max: 200 } },
      { field: 'input.message', reason: 'tooLong', params: { max: 5000 } },
      { field: 'input.product', reason: 'required' },
      { field: 'input.customerRegion', reason: 'required' },
    ]);
    expect(validateHelpdeskInput({ subject: 'Help', message: 'Please help us with this.', product: 'CONTACT_CENTER' })).toEqual([]);
  });
});

describe('Partner Helpdesk requests', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let smtp: SMTPServer;
    let receiver: Server;
    const mails: string[] = [];
    const hooks: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
    let smtpFailuresLeft = 0;
    let webhookFailuresLeft = 0;
    const auth: Record<string, Record<string, string>> = {};
    let visibleCustomer: CustomerDirectoryEntry;
    let hiddenFromAdmin: string;

    const rows = () => rawQuery<Row>(stores.databases.directory, 'select id, status, attempts, last_error, email_delivered_at, webhook_delivered_at from helpdesk_request order by created_at');

    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, _session, callback) {
          let data = '';
          stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
          stream.on('end', () => {
            if (smtpFailuresLeft > 0) {
              smtpFailuresLeft--;
              return callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 }));
            }
            mails.push(data);
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        request.on('end', () => {
          if (webhookFailuresLeft > 0) {
            webhookFailuresLeft--;
            response.writeHead(500).end();
            return;
          }
          hooks.push({ headers: request.headers, body: JSON.parse(body) as Record<string, unknown> });
          response.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      stores = await createTestStores(dialect);
      sut = await startApp(
        testConfig(stores, {
          HELPDESK_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
          HELPDESK_EMAIL_TO: 'helpdesk@partnerhub.example',
          HELPDESK_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          HELPDESK_WORKER_INTERVAL_MS: '3600000',
          HELPDESK_RETRY_BASE_MS: '20',
        }),
      );
      const registry = sut.app.get(RegionStores);
      await seedDemo(registry, { customers: 12, weeks: 1, seed: 3, callLegs: 0 });
      for (const email of ['full@demo.example', 'admin@demo.example', 'readonly@demo.example']) auth[email] = (await signIn(sut.url, email)).auth;
      const em = registry.directory();
      const admin = await em.findOneOrFail(PartnerUser, { email: 'admin@demo.example' });
      const assigned = new Set((await em.find(CustomerAdminAssignment, { user: admin.id })).map((a) => a.customer.id));
      const customers = await em.find(CustomerDirectoryEntry, {}, { orderBy: { name: 'asc' } });
      visibleCustomer = customers[0];
      hiddenFromAdmin = customers.find((c) => !assigned.has(c.id))!.id;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
      await new Promise<void>((resolve) => smtp?.close(() => resolve()));
      await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    });

    it('refuses bad input field by field and stores nothing', async () => {
      const response = await gql(sut.url, SUBMIT, { input: { subject: '', message: 'short', product: 'CALLING' } }, auth['readonly@demo.example']);
      expect(response.errors?.[0].extensions).toEqual({
        code: ErrorCode.BadUserInput,
        fields: [
          { field: 'input.subject', reason: 'required' },
          { field: 'input.message', reason: 'tooShort', params: { min: 10 } },
        ],
      });
      expect(await rows()).toEqual([]);
    });

    it('refuses a customer outside the user\'s scope (as the policy answers) and an unknown one as NOT_FOUND, storing nothing', async () => {
      const input = { subject: 'Porting', message: 'The port is stuck for days.', product: 'CALLING', customerRegion: 'US', customerId: hiddenFromAdmin };
      const response = await gql(sut.url, SUBMIT, { input }, auth['admin@demo.example']);
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      const unknown = await gql(sut.url, SUBMIT, { input: { ...input, customerId: '00000000-0000-4000-8000-000000000000' } }, auth['full@demo.example']);
      expect(unknown.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      expect(await rows()).toEqual([]);
    });

    it('stores the request, delivers it by e-mail and webhook, and retries a failed channel without sending the other again', async () => {
      smtpFailuresLeft = 1;
      const input = { subject: 'Queue routing', message: 'Calls to the sales queue are dropped.', product: 'CONTACT_CENTER', customerRegion: visibleCustomer.region, customerId: visibleCustomer.id };
      const response = await gql<{ submitHelpdeskRequest: { id: string; status: string; channels: string[]; customerName: string } }>(sut.url, SUBMIT, { input }, auth['readonly@demo.example']);
      expect(response.errors).toBeUndefined();
      const id = response.data!.submitHelpdeskRequest.id;
      expect(response.data!.submitHelpdeskRequest).toMatchObject({ status: 'QUEUED', channels: ['email', 'webhook'], customerName: visibleCustomer.name });
      const audit = await rawQuery<{ n: number | string }>(stores.databases.directory, "select count(*) as n from audit_event where action = 'helpdesk.submit' and target_id = ?", [id]);
      expect(Number(audit[0].n)).toBe(1);

      const worker = sut.app.get(HelpdeskWorker);
      await worker.settle();
      let [row] = await rows();
      expect(row).toMatchObject({ id, status: 'RETRYING', email_delivered_at: null });
      expect(Number(row.attempts)).toBe(1);
      expect(row.last_error).toMatch(/^email: /);
      expect(row.webhook_delivered_at).not.toBeNull();
      expect(hooks).toHaveLength(1);
      expect(hooks[0].headers['idempotency-key']).toBe(id);
      expect(hooks[0].body).toMatchObject({
        id,
        product: 'CONTACT_CENTER',
        subject: 'Queue routing',
        partner: { name: 'Demo Partner' },
        user: { email: 'readonly@demo.example' },
        customer: { id: visibleCustomer.id, name: visibleCustomer.name, region: visibleCustomer.region },
      });
      expect(mails).toHaveLength(0);

      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(await worker.runOnce()).toBe(1);
      [row] = await rows();
      expect(row).toMatchObject({ status: 'DELIVERED', last_error: null });
      expect(Number(row.attempts)).toBe(2);
      expect(hooks).toHaveLength(1);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toContain('Subject: [Partner Hub] [Contact Center] Queue routing');
      expect(mails[0]).toContain('Reply-To: readonly@demo.example');
      expect(mails[0]).toContain(`Customer: ${visibleCustomer.name}`);
      expect(mails[0]).toContain('Calls to the sales queue are dropped.');
      expect(await worker.runOnce()).toBe(0);

      const list = await gql<{ helpdeskRequests: { id: string; status: string; attempts: number; userEmail: string }[] }>(sut.url, LIST, undefined, auth['full@demo.example']);
      expect(list.data!.helpdeskRequests).toEqual([expect.objectContaining({ id, status: 'DELIVERED', attempts: 2, userEmail: 'readonly@demo.example' })]);
    });

    it('keeps retrying a webhook that fails, with backoff, and gives up after the maximum attempts', async () => {
      webhookFailuresLeft = 1000;
      const response = await gql<{ submitHelpdeskRequest: { id: string } }>(sut.url, SUBMIT, { input: { subject: 'Webhook down', message: 'Testing the retries here.', product: 'CALLING' } }, auth['full@demo.example']);
      const id = response.data!.submitHelpdeskRequest.id;
      const worker = sut.app.get(HelpdeskWorker);
      await worker.settle();
      const em = sut.app.get(RegionStores).directory();
      const first = await em.findOneOrFail(HelpdeskRequest, { id });
      expect(first).toMatchObject({ status: 'RETRYING', attempts: 1 });
      expect(first.lastError).toBe('webhook: webhook answered HTTP 500');
      // Not due yet: nothing is attempted before the backoff has passed.
      expect(await worker.runOnce(new Date(first.nextAttemptAt.getTime() - 5))).toBe(0);
      for (let attempt = 2; attempt <= 10; attempt++) {
        const row = await em.fork().findOneOrFail(HelpdeskRequest, { id });
        expect(await worker.runOnce(new Date(row.nextAttemptAt.getTime() + 1))).toBe(1);
      }
      const last = await em.fork().findOneOrFail(HelpdeskRequest, { id });
      expect(last).toMatchObject({ status: 'FAILED', attempts: 10 });
      expect(await worker.runOnce(new Date(Date.now() + 24 * 3600_000))).toBe(0);
      webhookFailuresLeft = 0;
    });

    it('lets exactly one of several workers claim a due request', async () => {
      const em = sut.app.get(RegionStores).directory().fork();
      const user = await em.findOneOrFail(PartnerUser, { email: 'full@demo.example' });
      const row = em.create(HelpdeskRequest, {
        partnerId: user.partner.id,
        partnerName: 'Demo Partner',
        userId: user.id,
        userEmail: user.email,
        userName: user.displayName,
        product: 'CALLING',
        subject: 'Claim',
        message: 'Claim race test message',
        channels: 'webhook',
        nextAttemptAt: new Date(Date.now() + 3600_000),
      });
      await em.flush();
      const config = sut.app.get(HelpdeskWorker)['config'];
      const workers = [0, 1, 2, 3].map(() => new HelpdeskWorker(config, sut.app.get(RegionStores)));
      const at = new Date(Date.now() + 2 * 3600_000);
      const claims = await Promise.all(workers.map((w) => w.claim(row.id, at)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      // The lease expires: another replica may take the request over.
      expect(await workers[0].claim(row.id, new Date(at.getTime() + 3 * 60_000))).toBe(true);
    });

    it("keeps partners apart: another partner's full admin sees none of these requests and cannot name this partner's customer", async () => {
      const em = sut.app.get(RegionStores).directory().fork();
      const partner = em.create(Partner, { name: 'Other Partner' });
      em.create(PartnerUser, { partner, email: 'full@other.example', displayName: 'Olga Other', role: PartnerRole.FullAdmin, passwordHash: await hashPassword('other-partner-pass') });
      await em.flush();
      const other = (await signIn(sut.url, 'full@other.example', 'other-partner-pass')).auth;
      const list = await gql<{ helpdeskRequests: unknown[] }>(sut.url, LIST, undefined, other);
      expect(list.data!.helpdeskRequests).toEqual([]);
      const input = { subject: 'Theirs', message: 'Asking about their customer.', product: 'CALLING', customerRegion: visibleCustomer.region, customerId: visibleCustomer.id };
      const response = await gql(sut.url, SUBMIT, { input }, other);
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      const mine = await gql<{ helpdeskRequests: { subject: string }[] }>(sut.url, LIST, undefined, auth['full@demo.example']);
      expect(mine.data!.helpdeskRequests.map((r) => r.subject)).not.toContain('Theirs');
      expect(mine.data!.helpdeskRequests.length).toBeGreaterThan(0);
    });

    it('shows the list only to full admins', async () => {
      for (const email of ['admin@demo.example', 'readonly@demo.example']) {
        const response = await gql(sut.url, LIST, undefined, auth[email]);
        expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        expect(response.data?.helpdeskRequests ?? null).toBeNull();
      }
      const anonymous = await gql(sut.url, SUBMIT, { input: { subject: 'x', message: 'long enough message', product: 'CALLING' } }, { [CSRF_HEADER]: '1' });
      expect(anonymous.errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
    });
  });
});
