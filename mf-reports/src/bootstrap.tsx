import { mountStandalone } from '@ph/ui';
import '@ph/ui/src/tokens.css';
import { App } from './app';

// Runs the module on its own in development; the shell never loads this file.
void mountStandalone({ App, name: 'Reports', basePath: '/reports', element: document.getElementById('root')! });
