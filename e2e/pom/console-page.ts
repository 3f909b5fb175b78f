import { expect, type Page } from '@playwright/test';

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
