import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up: (db: Database) => void;
}

/** Forward-only migrations, in order. Never edit one that has shipped: add the next version. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'datasets, columns, models, segments, assignments',
    up: (db) => {
      db.exec(`
        CREATE TABLE app_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE datasets (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          file_name TEXT NOT NULL,
          table_name TEXT NOT NULL UNIQUE,
          row_count INTEGER NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE dataset_columns (
          dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          sql_name TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('numeric', 'categorical', 'identifier', 'text')),
          missing INTEGER NOT NULL,
          note TEXT,
          PRIMARY KEY (dataset_id, position),
          UNIQUE (dataset_id, name)
        );
        CREATE TABLE models (
          id INTEGER PRIMARY KEY,
          dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          k INTEGER NOT NULL,
          seed INTEGER NOT NULL,
          n_init INTEGER NOT NULL,
          features TEXT NOT NULL,
          customers INTEGER NOT NULL,
          inertia REAL NOT NULL,
          silhouette REAL NOT NULL,
          silhouette_sampled INTEGER NOT NULL,
          calinski_harabasz REAL NOT NULL,
          davies_bouldin REAL NOT NULL,
          variance_explained REAL NOT NULL,
          iterations INTEGER NOT NULL,
          preprocessing TEXT NOT NULL,
          centroids TEXT NOT NULL,
          pca TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX models_dataset ON models(dataset_id);
        CREATE TABLE segments (
          model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          cluster INTEGER NOT NULL,
          name TEXT NOT NULL,
          strategy TEXT NOT NULL DEFAULT '',
          colour TEXT NOT NULL,
          size INTEGER NOT NULL,
          profile TEXT NOT NULL,
          PRIMARY KEY (model_id, cluster)
        );
        CREATE TABLE assignments (
          model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          row_id INTEGER NOT NULL,
          cluster INTEGER NOT NULL,
          distance REAL NOT NULL,
          PRIMARY KEY (model_id, row_id)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description: 'k sweeps, linked from the models trained after them',
    up: (db) => {
      db.exec(`
        CREATE TABLE sweeps (
          id INTEGER PRIMARY KEY,
          dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
          settings TEXT NOT NULL,
          rows INTEGER NOT NULL,
          silhouette_sampled INTEGER NOT NULL,
          points TEXT NOT NULL,
          recommended_k INTEGER NOT NULL,
          recommendation TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX sweeps_dataset ON sweeps(dataset_id);
        ALTER TABLE models ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
      `);
    },
  },
  {
    version: 3,
    description: 'segment descriptions and report settings per model',
    up: (db) => {
      db.exec(`
        ALTER TABLE segments ADD COLUMN description TEXT NOT NULL DEFAULT '';
        CREATE TABLE report_settings (
          model_id INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
          settings TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    description: 'date columns (stored as ISO days); columns left out of segmentation from the data summary',
    up: (db) => {
      // SQLite cannot change a CHECK constraint: the table is rebuilt (nothing references it).
      db.exec(`
        CREATE TABLE dataset_columns_v4 (
          dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          sql_name TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('numeric', 'categorical', 'identifier', 'text', 'date')),
          missing INTEGER NOT NULL,
          note TEXT,
          excluded INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (dataset_id, position),
          UNIQUE (dataset_id, name)
        );
        INSERT INTO dataset_columns_v4 (dataset_id, position, name, sql_name, kind, missing, note)
          SELECT dataset_id, position, name, sql_name, kind, missing, note FROM dataset_columns;
        DROP TABLE dataset_columns;
        ALTER TABLE dataset_columns_v4 RENAME TO dataset_columns;
      `);
    },
  },
  {
    version: 5,
    description: 'the data summary kept with its dataset (recomputed only when its columns change)',
    up: (db) => {
      db.exec(`
        CREATE TABLE dataset_descriptions (
          dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
          signature TEXT NOT NULL,
          description TEXT NOT NULL,
          computed_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 6,
    description: 'what each import did with every record of its file (records, stored, skipped with reasons)',
    up: (db) => {
      db.exec('ALTER TABLE datasets ADD COLUMN import_account TEXT');
    },
  },
  {
    version: 7,
    description:
      "each dataset's recipe (every step from the raw file, with what it learned), copied into its models; " +
      'the file values of cleaned columns kept beside them',
    up: (db) => {
      db.exec(`
        ALTER TABLE datasets ADD COLUMN recipe TEXT;
        ALTER TABLE models ADD COLUMN recipe TEXT;
        ALTER TABLE dataset_columns ADD COLUMN original_sql TEXT;
      `);
    },
  },
  {
    version: 8,
    description: "each dataset's setup (features, scaling, log columns, k range and k), remembered",
    up: (db) => {
      db.exec(`
        CREATE TABLE dataset_setups (
          dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
          setup TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 9,
    description: "each model's last comparison of two snapshots (segments over time), for its report",
    up: (db) => {
      db.exec(`
        CREATE TABLE model_transitions (
          model_id INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
          result TEXT NOT NULL,
          before_file TEXT NOT NULL,
          after_file TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 10,
    description: "each dataset's value column for the value table, as the user chose it",
    up: (db) => {
      // NULL: the one the app recognises; '': none; else the column's name.
      db.exec('ALTER TABLE datasets ADD COLUMN value_column TEXT');
    },
  },
  {
    version: 11,
    description: "the rows each model's K-Means starts ran on (a sample above 2,000,000 customers)",
    up: (db) => {
      // NULL for a model trained before: its starts ran on every customer.
      db.exec('ALTER TABLE models ADD COLUMN starts_sampled INTEGER');
    },
  },
];
