// Async boundary: shared singletons (Solid, i18next) are negotiated before the bootstrap runs.
void import('./bootstrap');
