// Types for the generated validators.js (see scripts/gen-api.js).
export interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
export declare const Organisation: Validator;
export declare const Site: Validator;
export declare const SiteList: Validator;
export declare const Monitor: Validator;
export declare const MonitorList: Validator;
export declare const Report: Validator;
export declare const ReportList: Validator;
export declare const ReportData: Validator;
export declare const Error: Validator;
export declare const ListEnvelope: Validator;
export declare const Id: Validator;
