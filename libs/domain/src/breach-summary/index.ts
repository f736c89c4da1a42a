export * from './art34-exemption-grounds';
export * from './breach-summary';
export * from './build-breach-summary';
export * from './signed-breach-summary';
