// Friendly names for the wire types, derived from openapi.yaml by `npm run gen:api` (schema.d.ts).
// The unit suite checks that schema.d.ts is what the generator makes of openapi.yaml today.
import type { components } from './schema';

type S = components['schemas'];
export type Organisation = S['Organisation'];
export type Site = S['Site'];
export type MonitorType = S['MonitorType'];
export type Direction = S['Direction'];
export type Monitor = S['Monitor'];
export type Interval = S['Interval'];
export type RangePreset = S['RangePreset'];
export type ReportRange = S['Range'];
export type Report = S['Report'];
export type ReportInput = S['ReportInput'];
export type ReportPatch = S['ReportPatch'];
export type Bucket = S['Bucket'];
export type ReportData = S['ReportData'];
export type ErrorBody = S['Error'];

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
