import { parseArgs } from 'node:util';
import type { CallArgs, CallResult } from '../../shared/api/contract';
import type { CallName } from '../../shared/api/names';
import type { ModelSummary } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { AppService } from '../services/appService';
import type { Db } from '../services/store/db';
import { startsSampleNote } from '../../shared/report/summary';

/** Every option any command takes (each command's help says which are its). */
const CLI_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  name: { type: 'string' },
  features: { type: 'string' },
  k: { type: 'string' },
  seed: { type: 'string' },
  'n-init': { type: 'string' },
  inits: { type: 'string' },
  scale: { type: 'string' },
  log: { type: 'string' },
  out: { type: 'string' },
  paper: { type: 'string' },
  sections: { type: 'string' },
  chromium: { type: 'string' },
  sweep: { type: 'string' },
  delimiter: { type: 'string' },
  decimal: { type: 'string' },
  encoding: { type: 'string' },
  'no-header': { type: 'boolean', default: false },
  'skip-ragged': { type: 'boolean', default: false },
  quotes: { type: 'string' },
  sheet: { type: 'string' },
  transactions: { type: 'boolean', default: false },
  customer: { type: 'string' },
  date: { type: 'string' },
  amount: { type: 'string' },
  price: { type: 'string' },
  invoice: { type: 'string' },
  returns: { type: 'string' },
  'cancel-prefix': { type: 'string' },
  quantity: { type: 'string' },
  category: { type: 'string' },
  'reference-date': { type: 'string' },
  'date-order': { type: 'string' },
  derive: { type: 'string', multiple: true },
  kind: { type: 'string', multiple: true },
  label: { type: 'string', multiple: true },
  meaning: { type: 'string', multiple: true },
  clean: { type: 'string', multiple: true },
  recipe: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  cleaned: { type: 'boolean', default: false },
  dialect: { type: 'string' },
  value: { type: 'string' },
  before: { type: 'string' },
  after: { type: 'string' },
  table: { type: 'string' },
  id: { type: 'string' },
} as const;

/** The command line after the command's name: options and positional arguments. */
export function parseCli(args: string[]) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: CLI_OPTIONS });
}

export type CliValues = ReturnType<typeof parseCli>['values'];

/** What a command runs with. */
export interface CliContext {
  values: CliValues;
  positionals: string[];
  call: ReturnType<typeof caller>;
  service: AppService;
  dbPath: string;
  /** The file a command reads (import, assign, model import), checked to be a readable file. */
  file: string;
  /** --sections, checked against the report's sections. */
  sections: string[] | undefined;
  /** "export" or "import" for the model command. */
  modelAction: string;
  /** The open store (for a backup). */
  db: Db;
}

export class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export function positiveInt(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new UsageError(`${what} must be a whole number, got "${value ?? ''}"`);
  return Number(value);
}

/**
 * A call through the same contract and zod validation as the app's transports: the arguments are
 * typed by the call's schema, the result by its declared type, and a refusal is the API's error.
 */
export function caller(service: AppService) {
  return async <K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> => {
    const envelope = await service.dispatch(name, args);
    if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResult<K>;
  };
}

export const list = (value: string): string[] =>
  value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);

export const jobId = (kind: string) => `cli-${kind}-${process.pid}-${Date.now()}`;

export function printModel(model: ModelSummary): void {
  console.log(`Model ${model.id}: ${model.k} segments on ${model.features.join(', ')}`);
  console.log(
    `  silhouette ${model.silhouette.toFixed(3)}, Calinski–Harabasz ${model.calinskiHarabasz.toFixed(1)}, Davies–Bouldin ${model.daviesBouldin.toFixed(3)}, variance explained ${(model.varianceExplained * 100).toFixed(1)}%`,
  );
  const sampled = startsSampleNote(model);
  if (sampled) console.log(`  ${sampled}`);
  for (const s of model.segments) {
    console.log(`  ${s.cluster + 1}. ${s.name}: ${s.size} customers (${(s.share * 100).toFixed(1)}%)`);
  }
}
