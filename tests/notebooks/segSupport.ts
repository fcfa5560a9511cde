/**
 * Shared by the audience-segmentation notebook tests: run a module headless through the CLI on the
 * bundled samples, and read the planted truths of public/sample/segments_truth.json.
 */
import { curriculumSupport } from './curriculumSupport.ts';
import { adjustedRandIndex, rows, run, type Row, type RunResult } from './esSupport.ts';

export { adjustedRandIndex, rows, run, type Row, type RunResult };
export const { truth, modulePath, expectModule, runModule } = curriculumSupport('segments', 'segments_truth.json');
export const num = (v: unknown) => Number(v);

/** Planted label of the majority of each cluster's members (`labels`: key → planted cluster). */
export function clusterToPlanted(members: Row[], labels: Record<string, string>, key = 'user_key', cluster = 'cluster'): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const m of members) {
    const c = String(m[cluster]);
    const p = labels[String(m[key])];
    if (!p) continue;
    const v = votes.get(c) ?? new Map<string, number>();
    v.set(p, (v.get(p) ?? 0) + 1);
    votes.set(c, v);
  }
  return new Map([...votes].map(([c, v]) => [c, [...v].sort((a, b) => b[1] - a[1])[0]![0]]));
}

/** ARI of a clustering against the planted labels, over the members that have one. */
export function ariAgainst(members: Row[], labels: Record<string, string>, key = 'user_key', cluster = 'cluster'): number {
  const known = members.filter((m) => labels[String(m[key])]);
  return adjustedRandIndex(known.map((m) => String(m[cluster])), known.map((m) => labels[String(m[key])]!));
}
