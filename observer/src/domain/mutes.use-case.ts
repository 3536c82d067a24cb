import { ConflictError, NotFoundError } from '@erp/errors';
import type { MaintenanceEntity, SilenceEntity } from '../data-access/entities';
import type { MuteRepository, NewMaintenance, NewSilence } from '../data-access/mute.repository';
import type { MuteRules } from '../model/mute-rules';

/** What the mute use-cases need: the stored silences and windows, and the rules the alert engine consults. */
export interface MuteDeps {
  muteRepo: MuteRepository;
  mutes: MuteRules;
}

/** Reads the silences and maintenance windows in force from PostgreSQL into the rules the alert engine consults. */
export async function reloadMutes(deps: MuteDeps): Promise<void> {
  const [silences, maintenance] = await Promise.all([deps.muteRepo.currentSilences(), deps.muteRepo.currentMaintenance()]);
  deps.mutes.set(silences, maintenance);
}

/** Stores a silence; it mutes alerts from the moment this returns. */
export async function createSilence(deps: MuteDeps, input: NewSilence): Promise<SilenceEntity> {
  const silence = await deps.muteRepo.createSilence(input);
  await reloadMutes(deps);
  return silence;
}

/** Ends a silence now; false when there is none with this id. */
export async function expireSilence(deps: MuteDeps, id: string): Promise<boolean> {
  const expired = await deps.muteRepo.expireSilence(id);
  if (expired) await reloadMutes(deps);
  return expired;
}

/** Stores a maintenance window; it applies from the moment this returns. */
export async function createMaintenance(deps: MuteDeps, input: NewMaintenance): Promise<MaintenanceEntity> {
  const window = await deps.muteRepo.createMaintenance(input);
  await reloadMutes(deps);
  return window;
}

/** Deletes a maintenance window; false when there is none with this id. */
export async function deleteMaintenance(deps: MuteDeps, id: string): Promise<boolean> {
  const deleted = await deps.muteRepo.deleteMaintenance(id);
  if (deleted) await reloadMutes(deps);
  return deleted;
}

/**
 * Ends a maintenance window now (ending it early): a one-off window that is running, or a weekly one (no further
 * occurrences; a running occurrence stops too). One that has not started yet is deleted instead; one that is over: 409.
 */
export async function endMaintenanceNow(deps: MuteDeps, id: string, now = new Date()): Promise<MaintenanceEntity> {
  const window = await deps.muteRepo.findMaintenance(id);
  if (!window) throw new NotFoundError('Maintenance window', id);
  if (window.endsAt && window.endsAt.getTime() <= now.getTime()) throw new ConflictError('This maintenance window is already over');
  if (window.startsAt.getTime() > now.getTime()) {
    throw new ConflictError('This maintenance window has not started yet: delete it instead of ending it');
  }
  await deps.muteRepo.endMaintenance(id, now);
  await reloadMutes(deps);
  window.endsAt = now;
  return window;
}
