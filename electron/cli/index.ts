#!/usr/bin/env node
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import type { ModelSummary } from '../../shared/domain';
import type { CallArgs, CallResult } from '../../shared/api/contract';
import type { CallName } from '../../shared/api/names';
import { segmentTraits } from '../../shared/segments/traits';
import { createAppService, type AppService } from '../services/appService';
import { backupDatabase, openStore, restoreBackup } from '../services/store/backups';
import { storeError } from '../services/store/database';
import { accountSentence } from '../../shared/import/account';
import { encodingNamed, TEXT_ENCODINGS } from '../../shared/import/encodings';
import { backupDirFor, defaultDatabasePath, RENDERER_DIR, WORKER_ENTRY } from '../services/paths';
import { chromiumReportPrinter } from '../services/report/browserPrinter';
import { REPORT_SECTIONS, type PaperSize } from '../../shared/report/settings';
import type { ImportOptions } from '../../shared/import/options';
import { parseDeriveSpec } from '../../shared/import/transform';
import { APP_VERSION } from '../services/version';
import { JobRunner, nodeWorkerFactory } from '../services/workerHost';
import { unreadableFileMessage } from '../../shared/files';

const HELP: Record<string, string> = {
  main: `segment-studio — customer segments with K-Means, from a terminal

Usage: segment-studio <command> [options]

Commands:
  import FILE        store a CSV file as a dataset
  train DATASET_ID   train a K-Means model on chosen numeric columns
  sweep DATASET_ID   fit k = 2–10 and recommend how many segments to use
  segments MODEL_ID  show each segment's name, size, traits and strategy
  rename MODEL_ID CLUSTER NAME   rename a segment (CLUSTER as in the "cluster" field)
  export MODEL_ID    write the customers with their segment to a CSV file
  assign MODEL_ID FILE   put new customers from FILE into the model's segments
  model export MODEL_ID  write the model as a JSON file
  model import FILE      add a model exported by another copy of the app
  backup             copy the database into its backups folder (the last 5 are kept)
  restore FILE       replace the database with a backup (checked first)
  describe DATASET_ID  summarise each column (count, blanks, mean, quartiles…) and warn of problems
  report MODEL_ID    print the model's report as a PDF (needs Chromium, Chrome or Edge)
  list               list datasets and models

Options for every command: --db PATH (default: ${defaultDatabasePath()}), --help
Run "segment-studio <command> --help" for a command's options.`,
  import: `Usage: segment-studio import FILE [--name NAME] [--delimiter ,|;|tab|pipe] [--decimal .|,]
                     [--encoding utf-8|windows-1252|utf-16le|shift_jis|…] [--no-header] [--skip-ragged] [--quotes literal] [--sheet NAME]
                     [--derive 'NAME=sum(A,B)'] … [--db PATH] [--json]

Reads a CSV (comma, semicolon, tab or pipe separated, header in the first row) or an Excel
workbook (.xlsx) and stores it.
What is not given is detected, as the app's import wizard does.
  --name NAME   dataset name (default: the file name without extension)
  --delimiter   the separator; --decimal the decimal mark; --encoding the text encoding: utf-8,
                utf-16le, utf-16be, windows-1252, windows-1250/1251/1253–1258, iso-8859-2/5/7/15, koi8-r,
                shift_jis, euc-jp, gb18030 (gbk), big5, euc-kr (detected: a byte-order mark, UTF-16's
                zero bytes, UTF-8, else Windows-1252 unless that would garble the text)
  --no-header   the first row is a customer (columns are named "Column 1", …)
  --skip-ragged leave out rows with the wrong number of fields (they are counted)
  --quotes literal  read every quote (") as an ordinary character and every line as a row, for a
                file whose quotes are inches or speech marks; by default a malformed quote stops
                the import, naming its row
  --sheet NAME  the sheet of an Excel workbook (.xlsx; default: the first that looks like a table)
  --transactions --customer COL --date COL --amount COL [--quantity COL] [--category COL]
                [--reference-date YYYY-MM-DD]
                a transaction log (one row per purchase) stored as one row per customer with
                recency_days, frequency, monetary (and quantity, and the amount per category)
  --date-order dmy|mdy|ymd   how dates like 03/04/2024 are read (default: decided from the values)
  --derive      a new column: NAME=sum(A,B,…), count(A,B,…) (yes/1 flags), ratio(A,B), log1p(A),
                age(BIRTH_YEAR)[@YEAR], age(BIRTH_DATE)[@YYYY-MM-DD] or tenure(SIGN_UP_DATE)[@YYYY-MM-DD]
                (days; default reference: the latest date in the column); repeat for several
  --json        print {"dataset":{"id","name","rows","columns":[{"name","kind","missing"}],
                "import":{"records","stored","skipped":[{"reason","message","count","rows"}],"notes"}}}
                (every record of the file accounted for: records = stored + skipped)`,
  sweep: `Usage: segment-studio sweep DATASET_ID --features A,B,C [--k 2-10] [--inits 4] [--seed S]
                     [--scale standard|minmax|robust|none] [--log A,B] [--db PATH] [--json]

Fits K-Means for every k in the range and measures each fit (inertia, silhouette,
Calinski–Harabasz, Davies–Bouldin, stability), then recommends k with a reason. Stored.
  --features    comma-separated numeric or categorical column names (categories are one-hot encoded)
  --k           range of k (default 2-10)
  --inits       k-means++ starts per k (default 4)
  --scale       scaling of numeric features (default standard)
  --log         numeric features to transform with log(1 + x) first
  --json        print {"k":[{"k","inertia","silhouette","calinskiHarabasz","daviesBouldin","stability",
                "sameSegmentShare"}],"recommendedK","reason","sweepId","warning"}`,
  train: `Usage: segment-studio train DATASET_ID --features A,B,C --k N [--seed S] [--inits N]
                     [--scale standard|minmax|robust|none] [--log A,B] [--sweep ID] [--name NAME]
                     [--db PATH] [--json]

Scales the features, runs K-Means (k-means++, N starts, seeded) and stores the model.
  --features    comma-separated numeric or categorical column names
  --k           number of segments (2 or more)
  --seed        random seed (default 0): the same inputs and seed give the same segments
  --inits       number of k-means++ starts, the best is kept (default 10; --n-init is the same)
  --scale       scaling of numeric features (default standard)
  --log         numeric features to transform with log(1 + x) first
  --sweep ID    the k sweep this k was chosen from (its charts go in the report)
  --name NAME   the model's name (default "K segments on N features")
  --json        print {"model":{"id","k","features","inertia","silhouette","calinskiHarabasz",
                "daviesBouldin","segments":[{"cluster","name","size"}]}}`,
  export: `Usage: segment-studio export MODEL_ID --out FILE.csv|FILE.xlsx [--db PATH]

Writes every customer of the model's dataset, in import order: the dataset's columns, then
segment_id (1-based) and segment (its name). In CSV, text cells starting with = + - @ are
neutralised; an --out ending in .xlsx writes an Excel workbook (text cells are text, never formulas).`,
  segments: `Usage: segment-studio segments MODEL_ID [--db PATH] [--json]

Each segment's name, size, share, the traits that set it apart and its strategy.
  --json        print {"model":{"id","k","features"},"segments":[{"cluster","name","size","share",
                "colour","strategy","traits":[{"feature","z","etaSquared","segmentMean","overallMean","text"}]}]}`,
  rename: `Usage: segment-studio rename MODEL_ID CLUSTER NAME [--db PATH] [--json]

Renames segment CLUSTER (0-based, the "cluster" field of train and segments) of the model.`,
  assign: `Usage: segment-studio assign MODEL_ID FILE --out FILE.csv [--db PATH] [--json]

Reads FILE (a CSV or an Excel workbook with the model's feature columns), applies the model's own preprocessing and
writes FILE's columns plus segment_id, segment and distance to --out.
  --json        print {"assigned":{"rows","out","sizes":[{"cluster","name","size"}]}}`,
  model: `Usage: segment-studio model export MODEL_ID --out FILE.json [--db PATH]
       segment-studio model import FILE.json [--db PATH] [--json]

export writes the model (features, preprocessing, centroids, names, strategies, metrics) as
versioned JSON; import checks such a file and stores the model (with an empty dataset of its own),
ready for "assign". --json prints {"model":{"id","k","features","segments":[{"cluster","name"}]}}.`,
  backup: `Usage: segment-studio backup [--db PATH] [--json]

Copies the database (consistently, while in use) into the "backups" folder beside it. The app also
backs up before every schema migration and once a day; the last 5 backups are kept.`,
  restore: `Usage: segment-studio restore FILE [--db PATH] [--json]

Checks the backup FILE and puts it in place of the database, after backing up what is there now
("before-restore"). Refused while another process (the desktop app, browser mode, another
command) has the database open: close it first.`,
  describe: `Usage: segment-studio describe DATASET_ID [--db PATH] [--json]

Each numeric and categorical column: count, blanks, distinct values, mean, standard deviation,
min, quartiles, max, skewness (or the most frequent categories); Pearson correlations of the
numeric columns; warnings (constant, mostly blank, very skewed, |r| > 0.9, too many categories).
  --json        print {"dataset","rows","columns":[{"name","kind","count","missing","distinct","mean","std",
                "min","q1","median","q3","max","skewness","levels"}],"correlation":{"names","matrix"},
                "warnings":[{"column","kind","message"}]}`,
  report: `Usage: segment-studio report MODEL_ID --out report.pdf [--paper a4|letter]
                     [--sections cover,summary,segments,map,method,appendix] [--chromium PATH]
                     [--db PATH] [--json]

Prints the model's report (cover, executive summary, a page per segment, the map, method,
appendix) to PDF with the report settings saved in the app. Uses Chromium, Google Chrome or
Microsoft Edge: the one given by --chromium or SEGMENT_STUDIO_CHROMIUM, else the first found.
  --paper       paper size (default: the saved setting, A4 unless changed)
  --sections    the sections to print, in any order (default: the saved setting, all)
  --json        print {"report":{"out","bytes","modelId","paper","sections"}}`,
  list: `Usage: segment-studio list [--db PATH] [--json]

Lists datasets and their models.
  --json        print {"datasets":[{"id","name","rows","models":[{"id","k","features","silhouette"}]}]}`,
};

class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

function positiveInt(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new UsageError(`${what} must be a whole number, got "${value ?? ''}"`);
  return Number(value);
}

/**
 * A call through the same contract and zod validation as the app's transports: the arguments are
 * typed by the call's schema, the result by its declared type, and a refusal is the API's error.
 */
function caller(service: AppService) {
  return async <K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> => {
    const envelope = await service.dispatch(name, args);
    if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResult<K>;
  };
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);

const jobId = (kind: string) => `cli-${kind}-${process.pid}-${Date.now()}`;

function printModel(model: ModelSummary): void {
  console.log(`Model ${model.id}: ${model.k} segments on ${model.features.join(', ')}`);
  console.log(
    `  silhouette ${model.silhouette.toFixed(3)}, Calinski–Harabasz ${model.calinskiHarabasz.toFixed(1)}, Davies–Bouldin ${model.daviesBouldin.toFixed(3)}, variance explained ${(model.varianceExplained * 100).toFixed(1)}%`,
  );
  for (const s of model.segments) {
    console.log(`  ${s.cluster + 1}. ${s.name}: ${s.size} customers (${(s.share * 100).toFixed(1)}%)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? 0 : 1;
  }
  if (command === '--version') {
    console.log(APP_VERSION);
    return 0;
  }
  if (!(command in HELP) || command === 'main') throw new UsageError(`unknown command "${command}" (try --help)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
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
      quantity: { type: 'string' },
      category: { type: 'string' },
      'reference-date': { type: 'string' },
      'date-order': { type: 'string' },
      derive: { type: 'string', multiple: true },
    },
  });
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const dbPath = values.db ?? defaultDatabasePath();
  openedDbPath = dbPath;
  let modelAction = '';
  if (command === 'model') {
    modelAction = positionals.shift() ?? '';
    if (modelAction !== 'export' && modelAction !== 'import') {
      throw new UsageError('model takes "export MODEL_ID --out FILE.json" or "import FILE.json" (try --help)');
    }
  }
  const expected =
    command === 'list' || command === 'backup' ? 0 : command === 'rename' ? 3 : command === 'assign' ? 2 : 1;
  if (positionals.length !== expected) {
    const what =
      command === 'import'
        ? 'FILE'
        : command === 'rename'
          ? 'MODEL_ID CLUSTER NAME'
          : command === 'assign'
            ? 'MODEL_ID FILE'
            : 'id';
    throw new UsageError(`${command} takes ${expected === 0 ? 'no arguments' : what} (try --help)`);
  }
  let file = '';
  if (command === 'import' || command === 'assign' || modelAction === 'import') {
    file = positionals[command === 'assign' ? 1 : 0];
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch (error) {
        throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(file, (error as NodeJS.ErrnoException).code));
      }
    })();
    if (!isFile) throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(file, 'EISDIR'));
  }
  if ((command === 'export' || command === 'assign') && !values.out)
    throw new UsageError(`${command} needs --out FILE.csv`);
  if (command === 'report' && !values.out) throw new UsageError('report needs --out FILE.pdf');
  if (values.paper !== undefined && values.paper !== 'a4' && values.paper !== 'letter')
    throw new UsageError(`--paper must be a4 or letter, got "${values.paper}"`);
  const sections = values.sections === undefined ? undefined : list(values.sections);
  if (sections) {
    const unknown = sections.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
    if (unknown.length > 0)
      throw new UsageError(`unknown section ${unknown.join(', ')} (sections: ${REPORT_SECTIONS.join(', ')})`);
  }
  if (modelAction === 'export' && !values.out) throw new UsageError('model export needs --out FILE.json');

  if (command === 'restore') {
    if (!existsSync(positionals[0]))
      throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(positionals[0], 'ENOENT'));
    const before = await restoreBackup(positionals[0], dbPath, backupDirFor(dbPath));
    if (values.json)
      console.log(JSON.stringify({ restore: { db: dbPath, from: positionals[0], backupBefore: before } }));
    console.error(`Restored ${dbPath} from ${positionals[0]}${before ? ` (what was there is kept in ${before})` : ''}`);
    return 0;
  }
  const db = await openStore(dbPath, backupDirFor(dbPath));
  const jobs = new JobRunner(nodeWorkerFactory(WORKER_ENTRY));
  // The report is the renderer's page printed by Chromium, served by a private 127.0.0.1 server.
  let dispatch: AppService['dispatch'] = () => Promise.reject(new Error('not ready'));
  const printer = chromiumReportPrinter({
    chromiumPath: values.chromium,
    privateServer: { staticDir: RENDERER_DIR, dispatch: (name, args) => dispatch(name, args) },
  });
  const service = createAppService({ db, jobs, mode: 'cli', version: APP_VERSION, printReport: printer.print });
  dispatch = service.dispatch;
  const call = caller(service);
  try {
    switch (command) {
      case 'import': {
        const delimiters: Record<string, ImportOptions['delimiter']> = {
          ',': ',',
          comma: ',',
          ';': ';',
          semicolon: ';',
          tab: '\t',
          '\t': '\t',
          '|': '|',
          pipe: '|',
        };
        const options: ImportOptions = {};
        if (values.delimiter !== undefined) {
          options.delimiter = delimiters[values.delimiter];
          if (!options.delimiter)
            throw new UsageError(`--delimiter must be , ; tab or pipe, got "${values.delimiter}"`);
        }
        if (values.decimal !== undefined) {
          if (values.decimal !== '.' && values.decimal !== ',')
            throw new UsageError(`--decimal must be . or , got "${values.decimal}"`);
          options.decimal = values.decimal;
        }
        if (values.encoding !== undefined) {
          options.encoding = encodingNamed(values.encoding);
          if (!options.encoding) {
            throw new UsageError(
              `--encoding must be one of ${TEXT_ENCODINGS.map((e) => e.label).join(', ')}; got "${values.encoding}"`,
            );
          }
        }
        if (values['no-header']) options.header = false;
        if (values['skip-ragged']) options.skipRagged = true;
        if (values.quotes !== undefined) {
          if (values.quotes !== 'standard' && values.quotes !== 'literal')
            throw new UsageError(`--quotes must be standard or literal, got "${values.quotes}"`);
          options.quotes = values.quotes;
        }
        if (values.sheet !== undefined) options.sheet = values.sheet;
        const order = values['date-order'];
        if (order !== undefined && order !== 'dmy' && order !== 'mdy' && order !== 'ymd')
          throw new UsageError(`--date-order must be dmy, mdy or ymd, got "${order}"`);
        // Date columns and a transaction log's dates alike.
        if (order) options.dateOrder = order;
        if (values.transactions) {
          if (!values.customer || !values.date || !values.amount)
            throw new UsageError('--transactions needs --customer COL, --date COL and --amount COL');
          options.transactions = {
            customer: values.customer,
            date: values.date,
            amount: values.amount,
            quantity: values.quantity,
            category: values.category,
            reference: values['reference-date'],
            dateOrder: order,
          };
        }
        if (values.derive && values.derive.length > 0) options.derive = values.derive.map(parseDeriveSpec);
        const dataset = await service.importFile(jobId('import'), basename(file), { path: file }, values.name, options);
        if (values.json) {
          const columns = dataset.columns.map(({ name, kind, missing }) => ({ name, kind, missing }));
          console.log(
            JSON.stringify({
              dataset: { id: dataset.id, name: dataset.name, rows: dataset.rows, columns, import: dataset.import },
            }),
          );
        } else {
          console.log(
            `Dataset ${dataset.id} "${dataset.name}": ${dataset.rows} customers, ${dataset.columns.length} columns`,
          );
          if (dataset.import) console.log(`  ${accountSentence(dataset.import)}`);
          for (const c of dataset.columns)
            console.log(`  ${c.name}: ${c.kind}${c.missing ? `, ${c.missing} missing` : ''}`);
        }
        return 0;
      }
      case 'sweep': {
        if (!values.features) throw new UsageError('sweep needs --features A,B,C');
        const range = (values.k ?? '2-10').match(/^(\d+)\s*-\s*(\d+)$/);
        if (!range) throw new UsageError(`--k must be a range like 2-10, got "${values.k}"`);
        const sweep = await call('sweepK', {
          jobId: jobId('sweep'),
          datasetId: positiveInt(positionals[0], 'DATASET_ID'),
          features: list(values.features),
          kMin: Number(range[1]),
          kMax: Number(range[2]),
          nInit: values.inits === undefined ? 4 : positiveInt(values.inits, '--inits'),
          seed: values.seed === undefined ? 0 : positiveInt(values.seed, '--seed'),
          // Checked by the call's schema, which names the allowed values.
          scaling: (values.scale ?? 'standard') as CallArgs<'sweepK'>['scaling'],
          logFeatures: values.log ? list(values.log) : [],
        });
        if (values.json) {
          console.log(
            JSON.stringify({
              k: sweep.points.map(
                ({ k, inertia, silhouette, calinskiHarabasz, daviesBouldin, stability, sameSegmentShare }) => ({
                  k,
                  inertia,
                  silhouette,
                  calinskiHarabasz,
                  daviesBouldin,
                  stability,
                  sameSegmentShare,
                }),
              ),
              recommendedK: sweep.recommendation.k,
              reason: sweep.recommendation.reason,
              warning: sweep.recommendation.warning,
              sweepId: sweep.id,
              silhouetteSampled: sweep.silhouetteSampled,
            }),
          );
        } else {
          console.log(' k     inertia  silhouette       CH      DB  stability');
          for (const p of sweep.points) {
            console.log(
              `${String(p.k).padStart(2)} ${p.inertia.toFixed(1).padStart(11)} ${p.silhouette.toFixed(3).padStart(11)} ${p.calinskiHarabasz.toFixed(1).padStart(8)} ${p.daviesBouldin.toFixed(3).padStart(7)} ${p.stability.toFixed(3).padStart(10)}${p.k === sweep.recommendation.k ? '  ← recommended' : ''}`,
            );
          }
          console.log(`\nRecommendation: ${sweep.recommendation.reason}`);
          if (sweep.recommendation.warning) console.log(`Warning: ${sweep.recommendation.warning}`);
        }
        return 0;
      }
      case 'train': {
        if (!values.features) throw new UsageError('train needs --features A,B,C');
        if (values.k === undefined) throw new UsageError('train needs --k N');
        const k = positiveInt(values.k, '--k');
        if (k < 2) throw new AppError('INVALID_K', `--k must be at least 2, got ${k}`);
        const model = await call('trainModel', {
          jobId: jobId('train'),
          datasetId: positiveInt(positionals[0], 'DATASET_ID'),
          features: list(values.features),
          k,
          seed: values.seed === undefined ? 0 : positiveInt(values.seed, '--seed'),
          nInit: positiveInt(values.inits ?? values['n-init'] ?? '10', '--inits'),
          // Checked by the call's schema, which names the allowed values.
          scaling: (values.scale ?? 'standard') as CallArgs<'sweepK'>['scaling'],
          logFeatures: values.log ? list(values.log) : [],
          sweepId: values.sweep === undefined ? undefined : positiveInt(values.sweep, '--sweep'),
          name: values.name,
        });
        if (values.json) {
          const { id, features, inertia, silhouette, calinskiHarabasz, daviesBouldin, varianceExplained } = model;
          const segments = model.segments.map(({ cluster, name, size, share }) => ({ cluster, name, size, share }));
          console.log(
            JSON.stringify({
              model: {
                id,
                datasetId: model.datasetId,
                k: model.k,
                features,
                inertia,
                silhouette,
                calinskiHarabasz,
                daviesBouldin,
                varianceExplained,
                seed: model.seed,
                nInit: model.nInit,
                segments,
              },
            }),
          );
        } else printModel(model);
        return 0;
      }
      case 'segments': {
        const model = await call('getModel', {
          modelId: positiveInt(positionals[0], 'MODEL_ID'),
        });
        const segments = model.segments.map((s) => ({
          cluster: s.cluster,
          name: s.name,
          size: s.size,
          share: s.share,
          colour: s.colour,
          strategy: s.strategy,
          traits: segmentTraits(model, s.cluster).map(({ feature, z, etaSquared, segmentMean, overallMean, text }) => ({
            feature,
            z,
            etaSquared,
            segmentMean,
            overallMean,
            text,
          })),
        }));
        if (values.json) {
          console.log(JSON.stringify({ model: { id: model.id, k: model.k, features: model.features }, segments }));
        } else {
          for (const s of segments) {
            console.log(`${s.cluster}. ${s.name}: ${s.size} customers (${(s.share * 100).toFixed(1)}%)`);
            for (const t of s.traits) console.log(`   - ${t.text}`);
            if (s.strategy) console.log(`   Strategy: ${s.strategy}`);
          }
          console.log(
            '\nTraits are descriptive only: segments are made to differ, so tests of difference do not apply.',
          );
        }
        return 0;
      }
      case 'rename': {
        const [modelArg, clusterArg, name] = positionals;
        const segment = await call('updateSegment', {
          modelId: positiveInt(modelArg, 'MODEL_ID'),
          cluster: positiveInt(clusterArg, 'CLUSTER'),
          name,
        });
        if (values.json) console.log(JSON.stringify({ segment }));
        else console.log(`Segment ${segment.cluster} is now "${segment.name}"`);
        return 0;
      }
      case 'assign': {
        const modelId = positiveInt(positionals[0], 'MODEL_ID');
        const result = await call('assignFile', {
          jobId: jobId('assign'),
          modelId,
          fileName: basename(file),
          contentBase64: readFileSync(file).toString('base64'),
        });
        writeFileSync(values.out as string, result.csv);
        const model = await call('getModel', { modelId });
        const sizes = result.sizes.map((size, cluster) => ({ cluster, name: model.segments[cluster].name, size }));
        if (values.json) console.log(JSON.stringify({ assigned: { rows: result.rows, out: values.out, sizes } }));
        else {
          console.log(`Assigned ${result.rows} customers to ${values.out}`);
          for (const s of sizes) console.log(`  ${s.cluster}. ${s.name}: ${s.size}`);
        }
        return 0;
      }
      case 'model': {
        if (modelAction === 'import') {
          const model = await call('importModel', {
            fileName: basename(file),
            json: readFileSync(file, 'utf8'),
          });
          const segments = model.segments.map(({ cluster, name }) => ({ cluster, name }));
          if (values.json)
            console.log(JSON.stringify({ model: { id: model.id, k: model.k, features: model.features, segments } }));
          else console.log(`Imported model ${model.id} "${model.name}" (${model.k} segments)`);
          return 0;
        }
        const exported = await call('exportModel', {
          modelId: positiveInt(positionals[0], 'MODEL_ID'),
        });
        writeFileSync(values.out as string, exported.json);
        console.error(`Wrote the model to ${values.out}`);
        return 0;
      }
      case 'report': {
        const modelId = positiveInt(positionals[0], 'MODEL_ID');
        const saved = await call('getReportSettings', { modelId });
        const paper = (values.paper as PaperSize | undefined) ?? saved.paper;
        const { pdfBase64 } = await call('exportReportPdf', {
          modelId,
          paper,
          sections: sections as CallArgs<'exportReportPdf'>['sections'],
        });
        const bytes = Buffer.from(pdfBase64, 'base64');
        writeFileSync(values.out as string, bytes);
        if (values.json) {
          console.log(
            JSON.stringify({
              report: { out: values.out, bytes: bytes.length, modelId, paper, sections: sections ?? saved.sections },
            }),
          );
        } else console.error(`Wrote the report of model ${modelId} to ${values.out} (${bytes.length} bytes)`);
        return 0;
      }
      case 'describe': {
        const datasetId = positiveInt(positionals[0], 'DATASET_ID');
        const description = await call('describeDataset', {
          jobId: jobId('describe'),
          datasetId,
        });
        if (values.json) {
          const columns = description.columns.map(({ histogram: _histogram, ...rest }) => rest);
          console.log(JSON.stringify({ dataset: datasetId, ...description, columns }));
        } else {
          const n = (v: number | null) => (v === null ? '' : Number(v.toPrecision(4)).toLocaleString('en'));
          console.log(`Dataset ${datasetId}: ${description.rows} rows`);
          for (const c of description.columns) {
            console.log(
              c.kind === 'numeric'
                ? `  ${c.name}: ${c.count} values, ${c.missing} blank, mean ${n(c.mean)}, sd ${n(c.std)}, min ${n(c.min)}, median ${n(c.median)}, max ${n(c.max)}`
                : `  ${c.name}: ${c.distinct} categories, ${c.missing} blank; ${(c.levels ?? [])
                    .slice(0, 3)
                    .map((l) => `${l.level} ${l.count}`)
                    .join(', ')}`,
            );
          }
          for (const w of description.warnings) console.log(`  ! ${w.message}`);
        }
        return 0;
      }
      case 'backup': {
        const path = await backupDatabase(db, backupDirFor(dbPath), 'manual');
        if (values.json) console.log(JSON.stringify({ backup: { path } }));
        else console.log(`Backed up to ${path}`);
        return 0;
      }
      case 'export': {
        const modelId = positiveInt(positionals[0], 'MODEL_ID');
        if (/\.xlsx$/i.test(values.out as string)) {
          // Streamed to the file: memory stays flat whatever the number of customers.
          const out = createWriteStream(values.out as string);
          const { rows } = await service.writeSegmentsXlsx(jobId('export'), modelId, (chunk) => out.write(chunk));
          out.end();
          await once(out, 'finish');
          console.error(`Wrote ${rows} customers to ${values.out}`);
          return 0;
        }
        const out = createWriteStream(values.out as string);
        let rows = -1;
        for (const line of service.segmentsCsvLines(modelId)) {
          rows++;
          if (!out.write(line + '\r\n')) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        console.error(`Wrote ${rows} customers to ${values.out}`);
        return 0;
      }
      default: {
        const all = await call('listDatasets', {});
        const models = await call('listModels', {});
        const listing = all.map((d) => ({
          id: d.id,
          name: d.name,
          rows: d.rows,
          models: models
            .filter((m) => m.datasetId === d.id)
            .map(({ id, name, k, features, silhouette, createdAt }) => ({
              id,
              name,
              k,
              features,
              silhouette,
              createdAt,
            })),
        }));
        if (values.json) console.log(JSON.stringify({ datasets: listing }));
        else if (listing.length === 0) console.log(`No datasets in ${dbPath}`);
        else {
          for (const d of listing) {
            console.log(`Dataset ${d.id} "${d.name}": ${d.rows} customers`);
            for (const m of d.models) {
              console.log(
                `  model ${m.id}: k = ${m.k}, silhouette ${m.silhouette.toFixed(3)}, features ${m.features.join(', ')}`,
              );
            }
          }
        }
        return 0;
      }
    }
  } finally {
    jobs.cancelAll();
    await printer.close();
    db.close();
  }
}

/** The database the command uses: its SQLite failures are named with it. */
let openedDbPath = '';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (raw: unknown) => {
    const error = (openedDbPath && storeError(raw, openedDbPath)) || raw;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`segment-studio: ${message.replace(/\s+/g, ' ').trim()}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
