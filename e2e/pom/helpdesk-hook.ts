/** Loopback port of the helpdesk webhook receiver the resources spec starts (the console under test posts there). */
export const HELPDESK_HOOK_PORT = Number(process.env.E2E_HELPDESK_HOOK_PORT ?? 3993);
