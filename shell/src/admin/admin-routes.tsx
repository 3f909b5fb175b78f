import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';

// Each page is its own chunk, so the shell's first paint does not carry the administration pages.
const UsersPage = lazy(() => import('./users-page').then((module) => ({ default: module.UsersPage })));
const UserPage = lazy(() => import('./users-page').then((module) => ({ default: module.UserPage })));
const AdminsPage = lazy(() => import('./admins-page').then((module) => ({ default: module.AdminsPage })));
const AuditPage = lazy(() => import('./audit-page').then((module) => ({ default: module.AuditPage })));
const MyOrganizationPage = lazy(() => import('./my-organization-page').then((module) => ({ default: module.MyOrganizationPage })));
const ApiKeysPage = lazy(() => import('./api-keys-page').then((module) => ({ default: module.ApiKeysPage })));

/** Navigation entries of the partner-level administration pages (full partner administrators only; the BFF refuses others anyway). */
export const ADMIN_NAV_ITEMS = [
  { key: 'users', href: '/users' },
  { key: 'admins', href: '/admins' },
  { key: 'audit', href: '/audit' },
  { key: 'apiKeys', href: '/api-keys' },
] as const;

/** The routes of the partner-level administration pages, each lazy-loaded. */
export function adminRoutes() {
  return (
    <>
      <Route path="/my-organization" component={MyOrganizationPage} />
      <Route path="/users" component={UsersPage} />
      <Route path="/users/:id" component={UserPage} />
      <Route path="/admins" component={AdminsPage} />
      <Route path="/audit" component={AuditPage} />
      <Route path="/api-keys" component={ApiKeysPage} />
    </>
  );
}
