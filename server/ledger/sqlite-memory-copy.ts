// An in-memory copy of a SQLite database file, for the server with a redo log (redo-log.ts): the
// server's statements run on the copy, so no SQLite commit to the file ever holds up the event
// loop, while the file is brought up to date on a worker thread (redo-applier.ts). The copy has
// the file's schema text (tables, then indexes, triggers and views), every row with its rowid
// (statements replayed on the file must find the same rows), and sqlite_sequence.
import { openSqlite, type SqliteDb } from './sqlite-db.ts';

interface SchemaRow {
  readonly type: string;
  readonly name: string;
  readonly sql: string | null;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Copies `file` (read through ATTACH; the caller holds or shuts out its writers) into memory. */
export function copyIntoMemory(file: string): SqliteDb {
  const db = openSqlite(':memory:');
  try {
    db.prepare('ATTACH DATABASE ? AS disk').run(file);
    try {
      copySchemaAndRows(db);
    } finally {
      db.prepare('DETACH DATABASE disk').run();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function copySchemaAndRows(db: SqliteDb): void {
  const schema = db
    .prepare(
      "SELECT type, name, sql FROM disk.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )
    .all() as SchemaRow[];
  const withoutRowid = new Set(
    (
      db.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'disk'").all() as {
        name: string;
        wr: bigint | number;
      }[]
    )
      .filter((t) => Number(t.wr) === 1)
      .map((t) => t.name),
  );
  db.transaction(() => {
    for (const t of schema.filter((s) => s.type === 'table' && s.sql)) {
      db.exec(t.sql as string);
      const columns = (
        db.prepare(`SELECT name FROM pragma_table_info(?, 'disk')`).all(t.name) as {
          name: string;
        }[]
      ).map((c) => quote(c.name));
      const rowid = withoutRowid.has(t.name) ? [] : ['rowid'];
      const list = [...rowid, ...columns].join(', ');
      db.exec(
        `INSERT INTO main.${quote(t.name)} (${list}) SELECT ${list} FROM disk.${quote(t.name)}`,
      );
    }
    const hasSequence = db
      .prepare("SELECT 1 FROM disk.sqlite_master WHERE name = 'sqlite_sequence'")
      .get();
    if (hasSequence) {
      db.exec('DELETE FROM main.sqlite_sequence');
      db.exec(
        'INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM disk.sqlite_sequence',
      );
    }
    for (const s of schema.filter((s) => s.type !== 'table' && s.sql)) db.exec(s.sql as string);
  })();
}
