/** Column mappings the user made for export layouts Pulse does not know, keyed by header signature. */
import type { UserMapping } from '../core/importers/mapping.ts';
import type { MappingRecord, PulseDb } from './schema.ts';

export async function saveMapping(db: PulseDb, mapping: UserMapping, now = Date.now()): Promise<MappingRecord> {
  const record: MappingRecord = { ...mapping, savedAt: now };
  await db.put('mappings', record);
  return record;
}

/** The mapping saved for files with this header signature (`headerSignature(headers)`), if any. */
export async function getMapping(db: PulseDb, signature: string): Promise<MappingRecord | undefined> {
  return db.get('mappings', signature);
}

export async function listMappings(db: PulseDb): Promise<MappingRecord[]> {
  return db.getAll('mappings');
}

export async function deleteMapping(db: PulseDb, signature: string): Promise<void> {
  await db.delete('mappings', signature);
}
