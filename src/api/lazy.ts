// Modules that only a network request needs, loaded on its first use so that activation does not pay for them
// (node-fetch with its streams and encodings, the retry helper, the contract's validators). In the webpack bundle
// each `import()` is a separate chunk (dist/chunks/), so activation does not even parse them.
import type * as NodeFetch from 'node-fetch';
import type * as Backoff from 'exponential-backoff';
import type * as Validators from './validators';

let fetchModule: Promise<typeof NodeFetch> | undefined;
let backoffModule: Promise<typeof Backoff> | undefined;
let validatorModule: Promise<typeof Validators> | undefined;

export async function nodeFetch(): Promise<typeof NodeFetch.default> {
  fetchModule ??= import(/* webpackChunkName: "fetch" */ 'node-fetch');
  const m = await fetchModule;
  return m.default ?? (m as unknown as typeof NodeFetch.default);
}

export async function backOff(): Promise<typeof Backoff.backOff> {
  backoffModule ??= import(/* webpackChunkName: "fetch" */ 'exponential-backoff');
  return (await backoffModule).backOff;
}

export type ValidatorName = Exclude<keyof typeof Validators, 'default'>;

let validators: typeof Validators | undefined;

/** Loads the validators chunk once; after it, `loadedValidator` answers synchronously. */
export async function loadValidators(): Promise<void> {
  validatorModule ??= import(/* webpackChunkName: "validators" */ './validators');
  validators ??= await validatorModule;
}

export async function validator(name: ValidatorName): Promise<Validators.Validator> {
  await loadValidators();
  return loadedValidator(name);
}

/** A validator of the already loaded chunk (every request awaits `loadValidators` before it builds its path). */
export function loadedValidator(name: ValidatorName): Validators.Validator {
  if (!validators) throw new Error('the contract validators are not loaded yet');
  return validators[name] ?? (validators as unknown as { default: typeof Validators }).default[name];
}
