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
    };
  }
  if (values.derive && values.derive.length > 0) options.derive = values.derive.map(parseDeriveSpec);
  const checked = importOptionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(
      `import options: ${issue.message}${issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''}`,
    );
  }
  return checked.data;
}
