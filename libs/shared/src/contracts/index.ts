export * from './contract';
export * from './envelope';
export * from './paging';
export * from './health';
export * from './provisioning/customer';
export * from './fault/ticket';
export * from './reporting/summary';
