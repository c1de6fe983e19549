import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { can, CAPABILITIES, type Capability, STAFF_ROLES } from './capabilities.ts';

describe('the capability table in docs/accounts.md', () => {
  const doc = fs.readFileSync(new URL('../../docs/accounts.md', import.meta.url), 'utf8');
  const header = doc.split('\n').find((l) => l.startsWith('| capability |'))!;
  const columns = header.split('|').slice(1, -1).map((c) => c.trim());
  const rows = doc.split('\n').filter((l) => /^\| `\w+` \|/.test(l) && l.split('|').length === columns.length + 2);

  it('has a column for each staff role', () => {
    expect(columns.slice(2)).toEqual([...STAFF_ROLES]);
  });

  it('matches the code: every capability, its description, and who holds it', () => {
    const documented = rows.map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(documented.map((r) => r[0])).toEqual(Object.keys(CAPABILITIES).map((c) => `\`${c}\``));
    for (const [name, description, ...marks] of documented) {
      const capability = name.replace(/`/g, '') as Capability;
      expect(description, capability).toBe(CAPABILITIES[capability]);
      STAFF_ROLES.forEach((role, i) => expect(marks[i] === '✓', `${role} ${capability}`).toBe(can(role, capability)));
    }
  });
});
