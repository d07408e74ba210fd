// Friendly names for the wire types, derived from openapi.yaml by `npm run gen:api` (schema.d.ts).
// The unit suite checks that schema.d.ts is what the generator makes of openapi.yaml today.
import type { components } from './schema';

type S = components['schemas'];
export type Organisation = S['Organisation'];
export type Site = S['Site'];
export type MonitorType = S['MonitorType'];
export type Direction = S['Direction'];
export type Monitor = S['Monitor'];
export type Bucket = S['Bucket'];
export type Interval = S['Interval'];
export type RangePreset = S['RangePreset'];
export type ReportRange = S['Range'];
export type Report = S['Report'];
export type ReportInput = S['ReportInput'];
export type ReportPatch = S['ReportPatch'];
export type Compare = S['Compare'];
export type ReportData = S['ReportData'];

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  /** Items of this page left out because they had no usable id or working fields (see api/items.ts). */
  skipped?: number;
}

/** The contract's limits on report data (openapi.yaml): 366 days, and 35,136 buckets (366 days at 15 minutes). */
export const MAX_RANGE_DAYS = 366;
export const MAX_BUCKETS = 35_136;
