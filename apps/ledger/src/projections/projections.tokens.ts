export const PROJECTIONS_DB = Symbol('PROJECTIONS_DB');
