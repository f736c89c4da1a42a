import { Provider } from '@nestjs/common';
import { ControllerProfile, controllerProfileProblems } from '@ledger/domain';
import { readFileSync } from 'node:fs';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';

export const CONTROLLER_PROFILE = Symbol('CONTROLLER_PROFILE');

/** The controller's profile from LEDGER_CONTROLLER_PROFILE, checked at start; null when none is configured. */
export const controllerProfileProvider: Provider = {
  provide: CONTROLLER_PROFILE,
  useFactory: (config: LedgerConfig): ControllerProfile | null => {
    if (!config.controllerProfile) return null;
    let profile: unknown;
    try {
      profile = JSON.parse(readFileSync(config.controllerProfile, 'utf8'));
    } catch (error) {
      throw new Error(`LEDGER_CONTROLLER_PROFILE: cannot read ${config.controllerProfile}: ${(error as Error).message}`);
    }
    const problems = controllerProfileProblems(profile);
    if (problems.length) throw new Error(`LEDGER_CONTROLLER_PROFILE ${config.controllerProfile}:\n  ${problems.join('\n  ')}`);
    return profile as ControllerProfile;
  },
  inject: [LEDGER_CONFIG],
};
