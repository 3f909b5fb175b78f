import { expect, type Page } from '@playwright/test';

/** The demo seed's password (DEMO_PASSWORD's default). */
export const DEMO_PASSWORD = 'demo-partner-hub';
/** Where the signed-in full admin's cookies are kept between the setup project and the specs. */
export const FULL_ADMIN_STATE = 'test-results/.auth/full-admin.json';

/** The console as a partner admin sees it: header controls, navigation, the mounted module. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  /** Opens a console path and waits for the shell's layout. */
  async open(path: string) {
    await this.page.goto(path);
    await expect(this.page.getByRole('banner')).toBeVisible();
  }

  get nav() {
    return this.page.getByRole('navigation').first();
  }

  get main() {
    return this.page.getByRole('main');
  }

  get regionSelect() {
    return this.page.getByRole('banner').getByRole('combobox').first();
  }

  get languageSelect() {
    return this.page.getByRole('banner').getByRole('combobox').nth(1);
  }

  /** Signs in through the sign-in page as a partner admin would, and waits for the console. */
  async signIn(email: string, options: { password?: string; baseUrl?: string } = {}) {
    const password = options.password ?? DEMO_PASSWORD;
    await this.page.goto(`${options.baseUrl ?? ''}/sign-in`);
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(this.nav).toBeVisible();
  }

  /** The translated fallback a failed module leaves in main. */
  get moduleAlert() {
    return this.main.getByRole('alert');
  }

  /** Sends a GraphQL query the way the shell does and returns `data`. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.page.request.post('/graphql', {
      data: { query, variables },
      headers: { 'content-type': 'application/json', 'x-partner-hub': '1' },
    });
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  }
}
