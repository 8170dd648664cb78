import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../time';
import { dueOn, lastEventDue, RETENTION_SCHEDULE } from './schedule';

const periods = { caseRetentionYears: 2, cashRecordsRetentionYears: 10 };
const kinds = [
  ...RETENTION_SCHEDULE.filter((r) => r.runBy === 'retention').map((r) => r.kind),
  'register.id_documents.deceased',
];
const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('due days of the retention schedule (#15)', () => {
  it('makes a record due on its due day and not one day earlier, for every kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.oneof(day, fc.constantFrom('2032-02-29', '2031-02-28', '2036-12-31')),
        (kind, event) => {
          const due = dueOn(kind, event, periods);
          expect(event <= lastEventDue(kind, due, periods)).toBe(true);
          expect(event <= lastEventDue(kind, addDays(due, -1), periods)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts periods as the law says', () => {
    expect(dueOn('register.religion', '2030-12-31', periods)).toBe('2032-01-01');
    expect(dueOn('register.restrict', '2030-01-01', periods)).toBe('2036-01-01');
    expect(dueOn('register.id_documents', '2031-05-15', periods)).toBe('2036-05-16');
    expect(dueOn('register.id_documents.deceased', '2030-01-31', periods)).toBe('2030-03-03');
    // § 188 Abs. 3 BGB: a period from 29 February ends on 28 February of a common year.
    expect(dueOn('register.id_documents', '2032-02-29', periods)).toBe('2037-03-01');
    expect(lastEventDue('register.id_documents', '2037-03-01', periods)).toBe('2032-02-29');
    expect(lastEventDue('register.id_documents', '2037-02-28', periods)).toBe('2032-02-27');
    expect(dueOn('payments.cash_records', '2030-12-31', periods)).toBe('2042-01-01');
    expect(dueOn('cases.other', '2030-12-31', { ...periods, caseRetentionYears: 0 })).toBe('2031-01-01');
  });
});
