import { defaultDatabasePath } from '../services/paths';

/**
 * The commands: each one's name, the positional arguments it takes, the line the main help lists
 * it with, and its own help (usage, options, --json shape). The main help, `<command> --help` and
 * the CLI's argument-count check are all read from this one table.
 */
interface Command {
  name: string;
  /** The positional arguments, as the usage names them ("MODEL_ID FILE"); their count is checked. */
  args: string;
  /** Lines in the main help: the command as typed, and what it does. */
  summary: [usage: string, words: string][];
  help: string;
}

export const COMMAND_TABLE: Command[] = [
  {
    name: 'import',
    args: 'FILE',
    summary: [['import FILE', 'store a CSV, TSV or Excel file as a dataset (every row accounted for)']],
    help: `Usage: segment-studio import FILE [--name NAME] [--delimiter ,|;|tab|pipe] [--decimal .|,]
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
  --transactions --customer COL --date COL (--amount COL | --quantity COL --price COL)
                [--invoice COL] [--returns exclude|net] [--cancel-prefix C] [--category COL]
                [--reference-date YYYY-MM-DD] [--exclude 'StockCode=POST,M,"BANK CHARGES"'] …
                a transaction log (invoice lines) stored as one row per customer with
                recency_days, frequency (distinct invoices with --invoice, else distinct purchase
                days — never lines), monetary (the amount column, or quantity × unit price), and
                quantity and the amount per category. Cancellations (an invoice starting with the
                prefix, default C, or a negative quantity or amount) are left out and counted, or
                with --returns net netted against purchases; lines without a customer are counted;
                --exclude leaves out lines by value first (postage, bank charges), counted per filter.
                Also per customer: tenure_days (first purchase to the reference day),
                average_order_value (monetary / frequency), returns_count and returns_value (its
                cancellation lines), r_score, f_score, m_score (quintiles 1–5 as pandas qcut on
                ranks; recency reversed) and rfm_group (Champions, Loyal, … Lost, by the usual R/F map). --json gains "transactions":{"read","used","customers",
                "cancellations","filtered","missingCustomer"}
  --date-order dmy|mdy|ymd   how dates like 03/04/2024 are read (default: decided from the values)
  --derive      a new column: NAME=sum(A,B,…), count(A,B,…) (yes/1 flags), ratio(A,B), log1p(A),
                age(BIRTH_YEAR)[@YEAR], age(BIRTH_DATE)[@YYYY-MM-DD] or tenure(SIGN_UP_DATE)[@YYYY-MM-DD]
                (days; default reference: the latest date in the column); repeat for several
  --kind COL=numeric|categorical|identifier|text|date|ignore
                a column's type, as the wizard's type menu sets it (ignore: not stored); repeat
  --label COL=LABEL
                what the segments, charts and report call a column (default: from its name,
                "NumWebPurchases" → "Web purchases"); repeat
  --meaning COL=MEANING
                what a number column tells about a customer, for segment names and strategies:
                income, spend, value, recency, frequency, web, store, catalogue, deals, visits,
                children, teenagers, age, birthYear, tenure, campaigns or none (default: from its
                name, by whole words); repeat
  --clean COL=ACTION[,ACTION…]
                a column's cleaning, as the wizard's Clean step: blanks keep, drop (leave the row
                out), mean, median, mode, unknown or constant:VALUE; cap (outliers at the 1.5 × IQR
                fences; refused for flags); merge-rare (categories under 1% into "Other"); repeat
  --recipe FILE import as a recipe says (written by "segment-studio recipe DATASET_ID --out FILE"):
                every reading option, type, cleaning step and derived column of that import, learned
                again on this file; takes the place of the flags above
  --json        print {"dataset":{"id","name","rows","columns":[{"name","kind","missing"}],
                "import":{"records","stored","skipped":[{"reason","message","count","rows"}],"notes"},
                "recipe":{…}}} (every record of the file accounted for: records = stored + skipped)`,
  },
  {
    name: 'train',
    args: 'DATASET_ID',
    summary: [['train DATASET_ID', 'train a K-Means model on chosen numeric columns']],
    help: `Usage: segment-studio train DATASET_ID --features A,B,C --k N [--seed S] [--inits N]
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
  },
  {
    name: 'sweep',
    args: 'DATASET_ID',
    summary: [['sweep DATASET_ID', 'fit k = 2–10 and recommend how many segments to use']],
    help: `Usage: segment-studio sweep DATASET_ID --features A,B,C [--k 2-10] [--inits 4] [--seed S]
                     [--scale standard|minmax|robust|none] [--log A,B] [--db PATH] [--json]

Fits K-Means for every k in the range and measures each fit (inertia, silhouette,
Calinski–Harabasz, Davies–Bouldin, stability), then recommends k with a reason. Stored.
  --features    comma-separated numeric or categorical column names (categories are one-hot encoded)
  --k           range of k (default 2-10)
  --inits       k-means++ starts per k (default 4)
  --scale       scaling of numeric features (default standard)
  --log         numeric features to transform with log(1 + x) first
  --json        print {"k":[{"k","inertia","silhouette","calinskiHarabasz","daviesBouldin","stability",
                "sameSegmentShare"}],"recommendedK","reason","advice","sweepId","warning"} ("advice": the recommendation in plain words)`,
  },
  {
    name: 'segments',
    args: 'MODEL_ID',
    summary: [['segments MODEL_ID', "show each segment's name, size, traits and strategy"]],
    help: `Usage: segment-studio segments MODEL_ID [--value COLUMN] [--db PATH] [--json]

Each segment's name, size, share, the traits that set it apart (columns by their labels) and its
strategy with why it fits; and who is worth what: its share of the customers beside its share of a
value column (spend, revenue, monetary — the column meaning "value", one recognised by name, the one
chosen in the app, or --value COLUMN; the file's values, never capped ones), its mean and median
value, and the rate of every 0/1 column (campaign response, churn) beside the overall rate.
  --json        print {"model":{"id","k","features"},"segments":[{"cluster","name","size","share",
                "colour","strategy","because" (the traits behind a playbook strategy still in place,
                or null),"traits":[{"feature","label","z","etaSquared","segmentMean","overallMean","text"}],
                "value":{"column","share","customerShare","mean","median"} or null,
                "outcomes":[{"column","rate","overallRate"}]}],
                "rfmGroups":{"column","levels","counts"} (a transaction log's RFM groups per segment)}`,
  },
  {
    name: 'rename',
    args: 'MODEL_ID CLUSTER NAME',
    summary: [['rename MODEL_ID CLUSTER NAME', 'rename a segment (CLUSTER as in the "cluster" field)']],
    help: `Usage: segment-studio rename MODEL_ID CLUSTER NAME [--db PATH] [--json]

Renames segment CLUSTER (0-based, the "cluster" field of train and segments) of the model.`,
  },
  {
    name: 'export',
    args: 'MODEL_ID',
    summary: [['export MODEL_ID', 'write the customers with their segment to a CSV file']],
    help: `Usage: segment-studio export MODEL_ID --out FILE.csv|FILE.xlsx|FILE.parquet [--cleaned] [--db PATH] [--json]

Writes every customer of the model's dataset, in import order: the file's columns with the file's
own values (never the cleaned ones under the file's names), then segment_id (1-based) and segment
(its name). In CSV, text cells starting with = + - @ are neutralised; an --out ending in .xlsx
writes an Excel workbook (text cells are text, never formulas); .parquet a Parquet file (numbers
as DOUBLE, text as UTF-8).
  --cleaned     add the cleaned values as "COLUMN (cleaned)" and the derived columns, after the file's
  --json        print {"exported":{"rows","out","columns"}}`,
  },
  {
    name: 'assign',
    args: 'MODEL_ID FILE',
    summary: [['assign MODEL_ID FILE', "put new customers from FILE into the model's segments"]],
    help: `Usage: segment-studio assign MODEL_ID FILE --out FILE.csv|FILE.parquet [--db PATH] [--json]

Reads FILE — a raw file like the one the model was trained from (a CSV or an Excel workbook, or
a transaction log if the model's dataset was one) — and replays the model's recipe on it with the
values it learned in training (blanks filled, outliers capped, categories merged, derived
columns), then the model's preprocessing and the nearest segment. Writes FILE's own values plus
segment_id, segment and distance to --out (.parquet: a Parquet file); a customer the recipe leaves out (a blank in a column
set to "drop") gets no segment and a "note" column says why. A file lacking a column the recipe
reads is refused, naming it.
  --json        print {"assigned":{"rows","out","sizes":[{"cluster","name","size"}],"leftOut","recipeSteps"}}`,
  },
  {
    name: 'transitions',
    args: 'MODEL_ID',
    summary: [['transitions MODEL_ID --before A --after B', 'who moved between segments, and how the data drifted']],
    help: `Usage: segment-studio transitions MODEL_ID --before A.csv --after B.csv [--id COLUMN] [--db PATH] [--json]

Applies the model to an earlier and a later snapshot of the customers (raw files like its training
file: its recipe is replayed on each) and compares them by customer id: who kept their segment, who
moved where, who is new and who is gone; each segment's size before and after; the drift of each
feature (population stability index of the later customers in the earlier ones' deciles: below 0.1
stable, 0.1–0.25 a little, above 0.25 shifted — consider retraining) and the share of later
customers farther from every centre than 99% of the earlier ones.
  --id          the customer id column (default: the dataset's identifier column)
  --json        print {"transitions":[{"from","to","count","fromName","toName"}] (from/to: 0-based
                segment, null for new/gone),"segments":[{"cluster","name","before","after"}],
                "stayed","matched","drift":[{"feature","psi","verdict"}],"farFromCentroids",
                "unmatched":{"before","after"}}`,
  },
  {
    name: 'model',
    args: 'FILE_OR_ID',
    summary: [
      ['model export MODEL_ID', 'write the model as a JSON file'],
      ['model import FILE', 'add a model exported by another copy of the app'],
      ['model sql MODEL_ID --dialect D', 'the model as SQL that scores a warehouse table as assign does'],
    ],
    help: `Usage: segment-studio model export MODEL_ID --out FILE.json [--db PATH]
       segment-studio model import FILE.json [--db PATH] [--json]
       segment-studio model sql MODEL_ID --dialect duckdb|postgres|sqlite|bigquery|snowflake|spark
                                [--table customers] [--id COLUMN] [--out score.sql] [--db PATH] [--json]

export writes the model (features, preprocessing, centroids, names, strategies, metrics, recipe) as
versioned JSON; import checks such a file and stores the model (with an empty dataset of its own),
ready for "assign". --json prints {"model":{"id","k","features","segments":[{"cluster","name"}]}}.

sql writes one SELECT that scores every row of a table in the warehouse exactly as "assign" scores a
raw file: the model's recipe with its learned values (blanks filled, outliers capped, categories
merged, derived columns), then its preprocessing and the nearest segment. It returns the id column,
segment_id (1-based), segment and distance; a customer the recipe leaves out gets NULLs. Blanks are
NULLs (or the usual markers "", "n/a", "-" … in text columns); numbers are numbers, dates are dates.
  --table       the customer table (default customers; db.schema.table is quoted part by part)
  --id          the customer id column (default: the dataset's identifier column)
  --out FILE    write the SQL there (default: print it)
  --json        print {"sql":{"modelId","dialect","out","text"}}
A model made from a transaction log starts from the log table (--table transactions, the default
for such a model): row filters, cancellations and distinct invoices as the import did them, recency
to the reference day the model learned. Its dates must be ISO text or DATE columns.`,
  },
  {
    name: 'backup',
    args: '',
    summary: [['backup', 'copy the database into its backups folder (the last 5 are kept)']],
    help: `Usage: segment-studio backup [--db PATH] [--json]

Copies the database (consistently, while in use) into the "backups" folder beside it. The app also
backs up before every schema migration and once a day; the last 5 backups are kept.`,
  },
  {
    name: 'restore',
    args: 'FILE',
    summary: [['restore FILE', 'replace the database with a backup (checked first)']],
    help: `Usage: segment-studio restore FILE [--db PATH] [--json]

Checks the backup FILE and puts it in place of the database, after backing up what is there now
("before-restore"). Refused while another process (the desktop app, browser mode, another
command) has the database open: close it first.`,
  },
  {
    name: 'describe',
    args: 'DATASET_ID',
    summary: [['describe DATASET_ID', 'summarise each column (count, blanks, mean, quartiles…) and warn of problems']],
    help: `Usage: segment-studio describe DATASET_ID [--db PATH] [--json]

Each numeric and categorical column: count, blanks, distinct values, mean, standard deviation,
min, quartiles, max, skewness (or the most frequent categories); Pearson correlations of the
numeric columns; warnings (constant, mostly blank, very skewed, |r| > 0.9, too many categories).
  --json        print {"dataset","rows","columns":[{"name","kind","count","missing","distinct","mean","std",
                "min","q1","median","q3","max","skewness","levels"}],"correlation":{"names","matrix"},
                "warnings":[{"column","kind","message"}],"recipe":{…} (see recipe --help; null if unknown)}`,
  },
  {
    name: 'recipe',
    args: 'DATASET_ID',
    summary: [['recipe DATASET_ID', 'show or save every step from the raw file to the dataset (replayable)']],
    help: `Usage: segment-studio recipe DATASET_ID [--out recipe.json] [--db PATH] [--json]

A dataset's recipe: how its file was read (encoding, separator, decimal mark, header row, sheet),
each column's type, the cleaning steps with what they learned (the median that filled blanks, the
fences outliers were capped at, the categories kept) and changed, the derived columns with their
reference day, and a transaction log's aggregation. Models keep a copy: "assign" replays it on a
raw file with the learned values. "import FILE --recipe recipe.json" imports another file the same way.
  --out FILE    write the recipe as JSON (versioned: "kind":"segment-studio-recipe","version":1)
  --json        print {"recipe":{"kind","version","source","options","columns","ignored","steps"},
                "sentences":[…],"out"}`,
  },
  {
    name: 'report',
    args: 'MODEL_ID',
    summary: [['report MODEL_ID', "print the model's report as a PDF (needs Chromium, Chrome or Edge)"]],
    help: `Usage: segment-studio report MODEL_ID --out report.pdf [--paper a4|letter]
                     [--sections cover,summary,segments,map,transitions,method,appendix] [--chromium PATH]
                     [--db PATH] [--json]

Prints the model's report (cover, executive summary, a page per segment, the map, method,
appendix) to PDF with the report settings saved in the app. Uses Chromium, Google Chrome or
Microsoft Edge: the one given by --chromium or SEGMENT_STUDIO_CHROMIUM, else the first found.
  --paper       paper size (default: the saved setting, A4 unless changed)
  --sections    the sections to print, in any order (default: the saved setting, all but
                "transitions": segments over time, from the last "transitions" comparison)
  --json        print {"report":{"out","bytes","modelId","paper","sections"}}`,
  },
  {
    name: 'list',
    args: '',
    summary: [['list', 'list datasets and models']],
    help: `Usage: segment-studio list [--db PATH] [--json]

Lists datasets and their models.
  --json        print {"datasets":[{"id","name","rows","models":[{"id","k","features","silhouette"}]}]}`,
  },
];

const pad = (text: string, width: number) => (text.length >= width ? `${text}  ` : text.padEnd(width));

/** The main help, listing every command of the table. */
function mainHelp(): string {
  const lines = COMMAND_TABLE.flatMap((c) => c.summary.map(([usage, words]) => `  ${pad(usage, 19)}${words}`));
  return `segment-studio — customer segments with K-Means, from a terminal

Usage: segment-studio <command> [options]

Commands:
${lines.join('\n')}

Options for every command: --db PATH (default: ${defaultDatabasePath()}), --help
Run "segment-studio <command> --help" for a command's options.`;
}

/** Every command's help by name, and the main help as "main". */
export const HELP: Record<string, string> = {
  main: mainHelp(),
  ...Object.fromEntries(COMMAND_TABLE.map((c) => [c.name, c.help])),
};

/** How many positional arguments a command takes (the model command's action word aside). */
export const positionalCount = (name: string): number =>
  COMMAND_TABLE.find((c) => c.name === name)
    ?.args.split(' ')
    .filter(Boolean).length ?? 0;

/** The positional arguments a command takes, as its usage names them. */
export const positionalWords = (name: string): string => COMMAND_TABLE.find((c) => c.name === name)?.args ?? '';
