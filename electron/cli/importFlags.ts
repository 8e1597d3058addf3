import Papa from 'papaparse';
import { MEANING_IDS, type Meaning } from '../../shared/segments/meanings';
import { encodingNamed, TEXT_ENCODINGS } from '../../shared/import/encodings';
import { delimiterNamed, importOptionsSchema, type ImportOptions } from '../../shared/import/options';
import { parseDeriveSpec } from '../../shared/import/transform';
import { UsageError, type CliValues } from './context';

/**
 * `segment-studio import`'s flags as the import options the wizard sends (shared/import/options.ts),
 * checked by the same schema: a value the app would refuse is refused here with its words.
 */
export function importOptionsFromFlags(values: CliValues): ImportOptions {
  const options: ImportOptions = {};
  if (values.delimiter !== undefined) {
    options.delimiter = delimiterNamed(values.delimiter);
    if (!options.delimiter) throw new UsageError(`--delimiter must be , ; tab or pipe, got "${values.delimiter}"`);
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
    if (!values.customer || !values.date || !(values.amount || (values.quantity && values.price)))
      throw new UsageError(
        '--transactions needs --customer COL, --date COL and --amount COL (or --quantity COL and --price COL)',
      );
    if (values.returns !== undefined && values.returns !== 'exclude' && values.returns !== 'net')
      throw new UsageError(`--returns must be exclude or net, got "${values.returns}"`);
    options.transactions = {
      customer: values.customer,
      date: values.date,
      amount: values.price ? undefined : values.amount,
      quantity: values.quantity,
      price: values.price,
      invoice: values.invoice,
      returns: values.returns,
      cancelPrefix: values['cancel-prefix'],
      category: values.category,
      reference: values['reference-date'],
      dateOrder: order,
      ...(values.exclude && values.exclude.length > 0 ? { exclude: values.exclude.map(parseExcludeSpec) } : {}),
    };
  }
  if (values.derive && values.derive.length > 0) options.derive = values.derive.map(parseDeriveSpec);
  if (values.kind && values.kind.length > 0) options.kinds = Object.fromEntries(values.kind.map(parseKindSpec));
  if (values.label && values.label.length > 0) {
    options.labels = Object.fromEntries(values.label.map((spec) => splitSpec('--label', spec, 'COLUMN=LABEL')));
  }
  if (values.meaning && values.meaning.length > 0)
    options.meanings = Object.fromEntries(values.meaning.map(parseMeaningSpec));
  if (values.clean && values.clean.length > 0) options.clean = Object.fromEntries(values.clean.map(parseCleanSpec));
  const checked = importOptionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(
      `import options: ${issue.message}${issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''}`,
    );
  }
  return checked.data;
}

/** `COLUMN=VALUE` at the last "=" (a column name may hold one), both trimmed. */
function splitSpec(flag: string, spec: string, form: string): [string, string] {
  const at = spec.lastIndexOf('=');
  if (at <= 0 || spec.slice(at + 1).trim() === '') throw new UsageError(`${flag} "${spec}": write ${form}`);
  return [spec.slice(0, at).trim(), spec.slice(at + 1).trim()];
}

/** `--meaning 'Kidhome=children'` (or `=none`): what a number column tells about a customer. */
function parseMeaningSpec(spec: string): [string, Meaning | 'none'] {
  const words = ['none', ...MEANING_IDS];
  const [column, meaning] = splitSpec('--meaning', spec, `COLUMN=${words.join('|')}`);
  if (!words.includes(meaning)) throw new UsageError(`--meaning "${spec}": write COLUMN=${words.join('|')}`);
  return [column, meaning as Meaning | 'none'];
}

const KIND_WORDS = ['numeric', 'categorical', 'identifier', 'text', 'date', 'ignore'] as const;
type KindWord = (typeof KIND_WORDS)[number];

/** `--kind 'Region=categorical'`: a column's kind, as the wizard's type menu sets it. */
function parseKindSpec(spec: string): [string, KindWord] {
  const at = spec.lastIndexOf('=');
  const kind = spec
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (at <= 0 || !(KIND_WORDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind "${spec}": write COLUMN=${KIND_WORDS.join('|')}`);
  }
  return [spec.slice(0, at).trim(), kind as KindWord];
}

type Cleaning = NonNullable<ImportOptions['clean']>[string];
const MISSING_WORDS = ['keep', 'drop', 'mean', 'median', 'mode', 'unknown'] as const;

/**
 * `--clean 'Income=median,cap'`: a column's cleaning, as the wizard's Clean step sets it — blanks
 * kept, dropped (drop), filled (mean, median, mode, unknown, constant:VALUE); cap (outliers at the
 * 1.5 × IQR fences); merge-rare (categories under 1% into "Other").
 */
function parseCleanSpec(spec: string): [string, Cleaning] {
  const at = spec.lastIndexOf('=');
  const usage = `--clean "${spec}": write COLUMN=ACTION[,ACTION…] with actions ${MISSING_WORDS.join(', ')}, constant:VALUE, cap, merge-rare`;
  if (at <= 0) throw new UsageError(usage);
  const cleaning: Cleaning = {};
  for (const raw of spec.slice(at + 1).split(',')) {
    const word = raw.trim();
    if (word === 'cap') cleaning.capOutliers = true;
    else if (word === 'merge-rare') cleaning.mergeRare = true;
    else if ((MISSING_WORDS as readonly string[]).includes(word)) cleaning.missing = word as Cleaning['missing'];
    else if (word.startsWith('constant:')) {
      const value = word.slice('constant:'.length);
      cleaning.missing = 'constant';
      cleaning.constant = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    } else throw new UsageError(usage);
  }
  return [spec.slice(0, at).trim(), cleaning];
}

/**
 * `--exclude 'StockCode=POST,M,"BANK CHARGES"'`: transaction lines left out by value; the values
 * are read as one CSV line, so a value may hold a comma when quoted.
 */
function parseExcludeSpec(spec: string): { column: string; values: string[] } {
  const at = spec.indexOf('=');
  const list = at > 0 ? Papa.parse<string[]>(spec.slice(at + 1).trim(), { delimiter: ',' }).data[0] : undefined;
  const values = (list ?? []).map((v) => v.trim()).filter((v) => v !== '');
  if (at <= 0 || values.length === 0) {
    throw new UsageError(`--exclude "${spec}": write COLUMN=VALUE[,VALUE…], e.g. StockCode=POST,M,"BANK CHARGES"`);
  }
  return { column: spec.slice(0, at).trim(), values };
}
