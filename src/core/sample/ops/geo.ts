/**
 * A geo experiment: conversions per region per day, treated and control regions sharing one
 * seasonal pattern (so controls can stand in for the treated ones), with a planted lift in the
 * treated regions from GEO.startDay. Twenty or more controls let a placebo p-value reach 0.05.
 */
import { csvLine, dayAt, dayOfWeek } from '../calendar.ts';
import { normal, type Rng } from '../random.ts';
import { GEO, type OpsSize } from './plan.ts';

export const GEO_HEADER = ['date', 'region', 'geo_group', 'conversions'];
export const GEO_ASSIGN_HEADER = ['test_id', 'region', 'variant', 'start_date', 'end_date'];

const WEEKLY = [1.0, 1.05, 1.08, 1.04, 0.97, 0.8, 0.76];

export interface GeoRegion {
  region: string;
  treated: boolean;
  base: number;
}

export function planRegions(rng: Rng, size: OpsSize): GeoRegion[] {
  const span = GEO.baseMax - GEO.baseMin;
  const regions: GeoRegion[] = [];
  for (let i = 0; i < size.controlRegions; i++) regions.push({ region: `R${String(i + 1).padStart(2, '0')}`, treated: false, base: GEO.baseMin + rng() * span });
  // Treated bases in the middle of the controls' range: a convex mix of controls can match them.
  for (let i = 0; i < size.treatedRegions; i++) regions.push({ region: `T${String(i + 1).padStart(2, '0')}`, treated: true, base: GEO.baseMin + (0.35 + 0.3 * rng()) * span });
  return regions;
}

export function geoLines(rng: Rng, size: OpsSize, regions: GeoRegion[]): string[] {
  const lines: string[] = [];
  const trend = Array.from({ length: size.days }, (_, d) => 1 + 0.1 * Math.sin((2 * Math.PI * d) / 45) + 0.0015 * d);
  for (let d = 0; d < size.days; d++) {
    const date = dayAt(d);
    const common = trend[d]! * WEEKLY[dayOfWeek(date)]!;
    for (const r of regions) {
      const lift = r.treated && d >= GEO.startDay ? 1 + GEO.lift : 1;
      const value = r.base * common * lift * (1 + GEO.noiseSd * normal(rng));
      lines.push(csvLine([date, r.region, r.treated ? 'treated' : 'control', Math.max(0, Math.round(value))]));
    }
  }
  return lines;
}

export function assignmentLines(size: OpsSize, regions: GeoRegion[]): string[] {
  return regions.map((r) => csvLine([GEO.testId, r.region, r.treated ? 'treated' : 'control', dayAt(GEO.startDay), dayAt(size.days - 1)]));
}
