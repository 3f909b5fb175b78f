export * from './errors';
export * from './modules';
export * from './region';
export * from './roles';
export * from './federation';
export * from './ids';
