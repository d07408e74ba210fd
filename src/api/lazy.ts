// Modules that only a network request needs, loaded on its first use so that activation does not pay for them
// (node-fetch with its streams and encodings, the retry helper, the contract's validators).
import type * as NodeFetch from 'node-fetch';
import type * as Backoff from 'exponential-backoff';
import type * as Validators from './validators';

let fetchModule: typeof NodeFetch | undefined;
let backoffModule: typeof Backoff | undefined;
let validatorModule: typeof Validators | undefined;

/* eslint-disable @typescript-eslint/no-require-imports */
export function nodeFetch(): typeof NodeFetch.default {
  fetchModule ??= require('node-fetch') as typeof NodeFetch;
  return fetchModule.default ?? (fetchModule as unknown as typeof NodeFetch.default);
}

export function backOff(): typeof Backoff.backOff {
  backoffModule ??= require('exponential-backoff') as typeof Backoff;
  return backoffModule.backOff;
}

export type ValidatorName = Exclude<keyof typeof Validators, 'default'>;

export function validator(name: ValidatorName): Validators.Validator {
  validatorModule ??= require('./validators') as typeof Validators;
  return validatorModule[name];
}
/* eslint-enable @typescript-eslint/no-require-imports */
