// Async boundary: the federation runtime negotiates shared singletons before the bootstrap runs.
void import('./bootstrap');
