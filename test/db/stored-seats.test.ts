import { randomUUID } from 'node:crypto';
import { storedTeamSeats } from '../../src/routing/stored-seats';
import { databaseBackends, migratedDatabase } from '../support/db-backends';

describe.each(databaseBackends())('stored team seats on %s', (backend) => {
  const current = migratedDatabase(backend);
  it('lists a team\'s people with their status, and everyone for the default team', async () => {
    const db = current.db;
    const team = randomUUID();
    const other = randomUUID();
    await db.query('INSERT INTO teams (id, name) VALUES ($1, $2), ($3, $4)', [team, `t-${team}`, other, `o-${other}`]);
    const anna = randomUUID();
    const boris = randomUUID();
    await db.query(`INSERT INTO operators (id, name, role, languages, skills, capacity, status, status_changed_at)
                    VALUES ($1, 'Anna', 'agent', '{ru,en}', '{billing}', 2, 'online', now()), ($2, 'Boris', 'agent', '{}', '{}', 3, 'away', NULL)`, [anna, boris]);
    await db.query('INSERT INTO team_members (team_id, operator_id) VALUES ($1, $2), ($3, $2), ($3, $4)', [team, anna, other, boris]);
    const seats = await storedTeamSeats(db, team);
    expect(seats).toEqual([{
      operatorId: anna, status: 'online', capacity: 2, languages: ['ru', 'en'], skills: ['billing'],
      teamIds: expect.arrayContaining([team, other]), at: expect.any(String),
    }]);
    const everyone = await storedTeamSeats(db, 'default');
    expect(everyone.map((s) => s.operatorId)).toEqual(expect.arrayContaining([anna, boris]));
  });
});
