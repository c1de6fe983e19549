import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { SettingsService } from './settings.ts';

const dbs: ReturnType<typeof openDatabase>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

it('saves only the settings it is given, leaving the others as they were', async () => {
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  dbs.push(db);
  await migrateToLatest(db);
  const settings = new SettingsService(db);
  await settings.save({ site_name: 'The Lantern', timezone: 'Europe/Dublin', nav: [{ label: 'About', url: '/about' }] });
  await settings.save({ comments_who: 'readers' });
  expect(settings.get()).toMatchObject({ site_name: 'The Lantern', timezone: 'Europe/Dublin', nav: [{ label: 'About', url: '/about' }], comments_who: 'readers' });
  const stored = await db.kysely.selectFrom('settings').select('key').execute();
  expect(stored.map((r) => r.key).sort()).toEqual(['comments_who', 'nav', 'site_name', 'timezone']);
});
