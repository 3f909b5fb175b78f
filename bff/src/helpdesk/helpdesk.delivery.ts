import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config/config';
import type { HelpdeskRequest } from './helpdesk-request.entity';

const PRODUCT_NAMES = { CALLING: 'Calling', CONTACT_CENTER: 'Contact Center' } as const;

/** The JSON a helpdesk webhook receives. */
export function webhookPayload(r: HelpdeskRequest) {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    product: r.product,
    subject: r.subject,
    message: r.message,
    partner: { id: r.partnerId, name: r.partnerName },
    user: { id: r.userId, email: r.userEmail, name: r.userName },
    customer: r.customerId ? { id: r.customerId, region: r.customerRegion, name: r.customerName } : null,
  };
}

/** Sends the request as an e-mail over SMTP (reply-to the requester). */
export async function sendEmail(config: AppConfig['helpdesk'], r: HelpdeskRequest): Promise<void> {
  const transport = createTransport(config.smtpUrl!, { connectionTimeout: 10_000, socketTimeout: 20_000 } as never);
  try {
    const customer = r.customerId ? `${r.customerName ?? ''} (${r.customerRegion}, ${r.customerId})` : '-';
    await transport.sendMail({
      from: config.emailFrom,
      to: config.emailTo!,
      replyTo: r.userEmail,
      subject: `[Partner Hub] [${PRODUCT_NAMES[r.product]}] ${r.subject}`,
      headers: { 'X-Partner-Hub-Request': r.id },
      text: [
        `Partner: ${r.partnerName} (${r.partnerId})`,
        `From: ${r.userName} <${r.userEmail}>`,
        `Product: ${PRODUCT_NAMES[r.product]}`,
        `Customer: ${customer}`,
        `Request: ${r.id}`,
        '',
        r.message,
      ].join('\n'),
    });
  } finally {
    transport.close();
  }
}

/** POSTs the request as JSON; anything but a 2xx answer is a failure. The request id is the idempotency key. */
export async function postWebhook(config: AppConfig['helpdesk'], r: HelpdeskRequest): Promise<void> {
  const response = await fetch(config.webhookUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': r.id },
    body: JSON.stringify(webhookPayload(r)),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
}
