import type Database from 'better-sqlite3';

/** A connection to the customer store (see database.ts for how it is opened). */
export type Db = Database.Database;
