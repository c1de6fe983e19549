import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sealParameters } from './connection.ts';

describe('sealParameters', () => {
  it('writes each placeholder as +? and leaves quoted text and comments alone', () => {
    expect(sealParameters('select * from a where x = ? and y in (?, ?) limit ?')).toBe('select * from a where x = +? and y in (+?, +?) limit +?');
    expect(sealParameters("select '?', \"q?\", [w?], `b?` from t where z = ? -- what?\n and w = ?")).toBe(
      "select '?', \"q?\", [w?], `b?` from t where z = +? -- what?\n and w = +?",
    );
    expect(sealParameters("select 'it''s ?' /* ? */ , ?")).toBe("select 'it''s ?' /* ? */ , +?");
  });

  describe('against SQLite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-seal-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('gives the same answers and keeps the index plan', () => {
      const db = new SQLite(path.join(dir, 'seal.db'));
      db.exec(`CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE a (id INTEGER PRIMARY KEY, s_id INTEGER, path TEXT UNIQUE);
        INSERT INTO s VALUES (1, 'news'), (2, 'opinion');
        INSERT INTO a VALUES (1, 1, '/x'), (2, 2, '/y'), (3, 1, '/z');`);
      const sql = 'SELECT a.id, s.name FROM a JOIN s ON s.id = a.s_id WHERE a.path = ? ORDER BY s.name';
      const plain = db.prepare(sql);
      const sealed = db.prepare(sealParameters(sql));
      for (const p of ['/x', '/y', '/z', '/none']) expect(sealed.all(p)).toEqual(plain.all(p));
      expect(sealed.all('/x')).toEqual([{ id: 1, name: 'news' }]);
      // The index is still used (the saving itself is measured by npm run bench, not here).
      expect(db.prepare(`EXPLAIN QUERY PLAN ${sealParameters(sql)}`).all('/x').map((r) => (r as { detail: string }).detail).join(' ')).toMatch(/USING INDEX/);
      db.close();
    });
  });
});
