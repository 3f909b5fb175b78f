import { test as setup } from '@playwright/test';
import { ConsolePage, FULL_ADMIN_STATE } from '../pom/console-page';

setup('sign in as the demo full partner administrator', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.signIn('full@demo.example');
  await page.context().storageState({ path: FULL_ADMIN_STATE });
});
