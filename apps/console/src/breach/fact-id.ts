import { v4 as uuidv4 } from 'uuid';

/**
 * A fresh id for a fact, which makes a retried submission idempotent (the same id and content
 * is answered with the original result). uuid falls back to crypto.getRandomValues where
 * randomUUID is missing (a console served over plain http on another host).
 */
export const newFactId = (): string => uuidv4();
