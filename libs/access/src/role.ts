/**
 * What an API key may do (DESIGN.md, HTTP contract): emitters append facts for their own
 * systems, the DPO reads and commands, a regulator sees what is meant for it, and an admin
 * manages keys and may do everything.
 */
export const ROLES = ['emitter', 'dpo', 'regulator', 'admin'] as const;

export type Role = (typeof ROLES)[number];
