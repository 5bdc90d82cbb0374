// Time windows: zones and their DST switches, windows wrapping past midnight, weekday ranges, dates.
import { describe, expect, it } from 'vitest';
import { compileTimeCondition, type TimeConditionSpec, type TimeMatcher } from '../../../src/rules/match/index.js';

function matcher(spec: TimeConditionSpec): TimeMatcher {
  const c = compileTimeCondition(spec);
  if (!c.ok) throw new Error(c.error);
  return c.matcher;
}

const officeLondon: TimeConditionSpec = { zone: 'Europe/London', days: ['mon-fri'], between: '09:00-17:00' };
const officeNewYork: TimeConditionSpec = { zone: 'America/New_York', days: ['mon-fri'], between: '09:00-17:00' };

// [description, spec, instant (UTC), inside?]
type Row = [string, TimeConditionSpec, string, boolean];

describe('time windows', () => {
  it.each<Row>([
    // Europe/London: BST from Sun 29 Mar 2026 01:00Z to Sun 25 Oct 2026 01:00Z.
    ['London Fri before the spring switch, 08:59 GMT', officeLondon, '2026-03-27T08:59:00Z', false],
    ['London Fri before the spring switch, 09:00 GMT', officeLondon, '2026-03-27T09:00:00Z', true],
    ['London Fri before the spring switch, 16:59 GMT', officeLondon, '2026-03-27T16:59:00Z', true],
    ['London Fri before the spring switch, 17:00 GMT (end excluded)', officeLondon, '2026-03-27T17:00:00Z', false],
    ['London Mon after the switch, 07:59Z = 08:59 BST', officeLondon, '2026-03-30T07:59:00Z', false],
    ['London Mon after the switch, 08:00Z = 09:00 BST', officeLondon, '2026-03-30T08:00:00Z', true],
    ['London Mon after the switch, 15:59Z = 16:59 BST', officeLondon, '2026-03-30T15:59:00Z', true],
    ['London Mon after the switch, 16:00Z = 17:00 BST', officeLondon, '2026-03-30T16:00:00Z', false],
    ['London Fri before the autumn switch, 08:00Z = 09:00 BST', officeLondon, '2026-10-23T08:00:00Z', true],
    ['London Mon after the autumn switch, 08:00Z = 08:00 GMT', officeLondon, '2026-10-26T08:00:00Z', false],
    ['London Mon after the autumn switch, 09:00Z = 09:00 GMT', officeLondon, '2026-10-26T09:00:00Z', true],
    ['London Sun is not mon-fri', officeLondon, '2026-03-29T10:00:00Z', false],
    ['London seconds do not matter: 16:59:59 BST', officeLondon, '2026-03-30T15:59:59.999Z', true],
    // The skipped hour never happens; the repeated hour happens twice.
    ['spring switch: 00:59 GMT is before 01:00', { zone: 'Europe/London', between: '01:00-02:00' }, '2026-03-29T00:59:00Z', false],
    ['spring switch: 01:00Z is already 02:00 BST', { zone: 'Europe/London', between: '01:00-02:00' }, '2026-03-29T01:00:00Z', false],
    ['autumn switch: 00:30Z is 01:30 BST', { zone: 'Europe/London', between: '01:00-02:00' }, '2026-10-25T00:30:00Z', true],
    ['autumn switch: 01:30Z is 01:30 GMT again', { zone: 'Europe/London', between: '01:00-02:00' }, '2026-10-25T01:30:00Z', true],
    ['autumn switch: 02:00Z is 02:00 GMT', { zone: 'Europe/London', between: '01:00-02:00' }, '2026-10-25T02:00:00Z', false],
    // America/New_York: EDT from Sun 8 Mar 2026 07:00Z to Sun 1 Nov 2026 06:00Z.
    ['New York Fri 13:59Z = 08:59 EST', officeNewYork, '2026-03-06T13:59:00Z', false],
    ['New York Fri 14:00Z = 09:00 EST', officeNewYork, '2026-03-06T14:00:00Z', true],
    ['New York Mon 13:00Z = 09:00 EDT', officeNewYork, '2026-03-09T13:00:00Z', true],
    ['New York Mon 12:59Z = 08:59 EDT', officeNewYork, '2026-03-09T12:59:00Z', false],
    ['New York Mon 21:00Z = 17:00 EDT', officeNewYork, '2026-03-09T21:00:00Z', false],
    ['New York Mon after the autumn switch 21:00Z = 16:00 EST', officeNewYork, '2026-11-02T21:00:00Z', true],
    ['New York 06:59Z on the spring switch is 01:59 EST', { zone: 'America/New_York', between: '01:00-02:00' }, '2026-03-08T06:59:00Z', true],
    ['New York 07:00Z on the spring switch is 03:00 EDT', { zone: 'America/New_York', between: '02:00-03:00' }, '2026-03-08T07:00:00Z', false],
    ['New York Tue 03:00Z is still Mon 22:00', { zone: 'America/New_York', days: ['mon'] }, '2026-11-24T03:00:00Z', true],
    ['the same instant is Tuesday in UTC', { days: ['mon'] }, '2026-11-24T03:00:00Z', false],
    // Default zone is UTC.
    ['UTC by default', { between: '09:00-17:00' }, '2026-07-01T09:00:00Z', true],
    ['UTC by default, not London time', { between: '09:00-17:00' }, '2026-07-01T08:30:00Z', false],
    // Wrapping past midnight.
    ['night 22:00-06:00 at 22:00', { between: '22:00-06:00' }, '2026-11-20T22:00:00Z', true],
    ['night 22:00-06:00 at 23:30', { between: '22:00-06:00' }, '2026-11-20T23:30:00Z', true],
    ['night 22:00-06:00 at 00:00', { between: '22:00-06:00' }, '2026-11-21T00:00:00Z', true],
    ['night 22:00-06:00 at 05:59', { between: '22:00-06:00' }, '2026-11-21T05:59:00Z', true],
    ['night 22:00-06:00 at 06:00', { between: '22:00-06:00' }, '2026-11-21T06:00:00Z', false],
    ['night 22:00-06:00 at 21:59', { between: '22:00-06:00' }, '2026-11-20T21:59:00Z', false],
    ['night 22:00-06:00 at 12:00', { between: '22:00-06:00' }, '2026-11-20T12:00:00Z', false],
    // The tail after midnight belongs to the day the window opened (2026-11-20 is a Friday).
    ['Friday night opens Fri 23:00', { days: ['fri'], between: '22:00-06:00' }, '2026-11-20T23:00:00Z', true],
    ['Friday night goes on Sat 03:00', { days: ['fri'], between: '22:00-06:00' }, '2026-11-21T03:00:00Z', true],
    ['Friday 03:00 is Thursday night', { days: ['fri'], between: '22:00-06:00' }, '2026-11-20T03:00:00Z', false],
    ['Saturday 23:00 is Saturday night', { days: ['fri'], between: '22:00-06:00' }, '2026-11-21T23:00:00Z', false],
    ['weeknights mon-fri: Mon 03:00 is Sunday night', { days: ['mon-fri'], between: '22:00-06:00' }, '2026-11-23T03:00:00Z', false],
    ['weeknights mon-fri: Sat 03:00 is Friday night', { days: ['mon-fri'], between: '22:00-06:00' }, '2026-11-21T03:00:00Z', true],
    ['Christmas Eve night, 24th 23:00', { dates: ['2026-12-24'], between: '22:00-06:00' }, '2026-12-24T23:00:00Z', true],
    ['Christmas Eve night, 25th 02:00', { dates: ['2026-12-24'], between: '22:00-06:00' }, '2026-12-25T02:00:00Z', true],
    ['Christmas Eve night, not 24th 02:00', { dates: ['2026-12-24'], between: '22:00-06:00' }, '2026-12-24T02:00:00Z', false],
    ['night tail over a month end', { dates: ['2026-02-28'], between: '22:00-06:00' }, '2026-03-01T01:00:00Z', true],
    ['night tail over a year end', { dates: ['2026-12-31'], between: '23:00-01:00' }, '2027-01-01T00:30:00Z', true],
    ['wrapping in London across the spring switch', { zone: 'Europe/London', days: ['sat'], between: '23:00-03:00' }, '2026-03-29T01:30:00Z', true],
    ['"until midnight" with 24:00 at 23:59', { between: '18:00-24:00' }, '2026-11-20T23:59:00Z', true],
    ['"until midnight" with 24:00 at 00:00', { between: '18:00-24:00' }, '2026-11-21T00:00:00Z', false],
    ['whole day 00:00-24:00', { between: '00:00-24:00' }, '2026-11-21T00:00:00Z', true],
    ['ending at 00:00 is the same as 24:00', { between: '18:00-00:00' }, '2026-11-20T23:59:00Z', true],
    ['ending at 00:00 excludes the morning', { between: '18:00-00:00' }, '2026-11-21T05:00:00Z', false],
    // Days.
    ['mon-fri on Mon', { days: ['mon-fri'] }, '2026-11-23T12:00:00Z', true],
    ['mon-fri on Wed', { days: ['mon-fri'] }, '2026-11-25T12:00:00Z', true],
    ['mon-fri on Fri', { days: ['mon-fri'] }, '2026-11-27T12:00:00Z', true],
    ['mon-fri on Sat', { days: ['mon-fri'] }, '2026-11-28T12:00:00Z', false],
    ['mon-fri on Sun', { days: ['mon-fri'] }, '2026-11-29T12:00:00Z', false],
    ['sat-sun on Sun', { days: ['sat-sun'] }, '2026-11-29T12:00:00Z', true],
    ['fri-mon wraps: Sun', { days: ['fri-mon'] }, '2026-11-29T12:00:00Z', true],
    ['fri-mon wraps: Mon', { days: ['fri-mon'] }, '2026-11-23T12:00:00Z', true],
    ['fri-mon wraps: not Tue', { days: ['fri-mon'] }, '2026-11-24T12:00:00Z', false],
    ['list of single days: Wed', { days: ['mon', 'wed'] }, '2026-11-25T12:00:00Z', true],
    ['list of single days: not Tue', { days: ['mon', 'wed'] }, '2026-11-24T12:00:00Z', false],
    ['days are case-insensitive', { days: ['MON-Fri'] }, '2026-11-24T12:00:00Z', true],
    ['single-day range', { days: ['thu-thu'] }, '2026-11-26T12:00:00Z', true],
    // Dates, in the zone's calendar.
    ['holiday', { zone: 'Europe/London', dates: ['2026-12-25', '2026-12-28'] }, '2026-12-25T23:30:00Z', true],
    ['day after the holiday', { zone: 'Europe/London', dates: ['2026-12-25', '2026-12-28'] }, '2026-12-26T00:30:00Z', false],
    ['second holiday in the list', { zone: 'Europe/London', dates: ['2026-12-25', '2026-12-28'] }, '2026-12-28T10:00:00Z', true],
    ['Auckland is already on the 25th', { zone: 'Pacific/Auckland', dates: ['2026-12-25'] }, '2026-12-24T12:00:00Z', true],
    ['UTC is still on the 24th', { dates: ['2026-12-25'] }, '2026-12-24T12:00:00Z', false],
    ['days and dates must both hold', { days: ['sat-sun'], dates: ['2026-12-25'] }, '2026-12-25T12:00:00Z', false],
    ['days and dates both holding', { days: ['fri'], dates: ['2026-12-25'] }, '2026-12-25T12:00:00Z', true],
    ['everything at once', { zone: 'Europe/London', days: ['fri'], dates: ['2026-12-25'], between: '09:00-12:00' }, '2026-12-25T11:59:00Z', true],
    // Nothing given.
    ['empty spec is always inside', {}, '2026-12-25T12:00:00Z', true],
  ])('%s', (_name, spec, iso, inside) => {
    expect(matcher(spec)(new Date(iso))).toBe(inside);
  });

  it('an invalid Date is never inside', () => {
    expect(matcher({})(new Date(Number.NaN))).toBe(false);
  });

  it('zone names are case-insensitive, as Intl resolves them', () => {
    expect(matcher({ zone: 'europe/london', between: '09:00-10:00' })(new Date('2026-07-01T08:30:00Z'))).toBe(true);
  });

  it.each<[string, TimeConditionSpec, RegExp]>([
    ['unknown zone', { zone: 'Mars/Olympus' }, /unknown time zone "Mars\/Olympus"/],
    ['empty zone', { zone: '' }, /unknown time zone ""/],
    ['offset is not a zone', { zone: '+01:00' }, /unknown time zone/],
    ['bad day', { days: ['funday'] }, /days: "funday" is not a weekday/],
    ['half range', { days: ['mon-'] }, /days: "mon-" is not a weekday/],
    ['range with an en dash', { days: ['mon–fri'] }, /is not a weekday/],
    ['no days', { days: [] }, /days must list at least one/],
    ['between without minutes', { between: '8-17' }, /between: "8-17" is not a window like "08:30-17:30"/],
    ['between with one-digit hour', { between: '8:00-17:00' }, /is not a window/],
    ['between hour 25', { between: '25:00-06:00' }, /between: 25:00 is not a time of day \(00:00 … 23:59\)/],
    ['between starting at 24:00', { between: '24:00-06:00' }, /24:00 is not a time of day \(00:00 … 23:59\)/],
    ['between minute 60', { between: '08:60-09:00' }, /08:60 is not a time of day/],
    ['between ending after 24:00', { between: '08:00-24:01' }, /24:01 is not a time of day \(00:00 … 24:00\)/],
    ['between end minute 60', { between: '08:00-09:60' }, /09:60 is not a time of day/],
    ['empty window', { between: '08:00-08:00' }, /starts and ends at the same time/],
    ['00:00-00:00 is empty too', { between: '00:00-00:00' }, /use "00:00-24:00" for the whole day/],
    ['bad date format', { dates: ['25/12/2026'] }, /dates: "25\/12\/2026" is not a date like "2026-12-25"/],
    ['short year', { dates: ['26-12-25'] }, /is not a date like/],
    ['30 February', { dates: ['2026-02-30'] }, /dates: 2026-02-30 is not a calendar date/],
    ['month 13', { dates: ['2026-13-01'] }, /2026-13-01 is not a calendar date/],
    ['no dates', { dates: [] }, /dates must list at least one/],
  ])('refuses %s', (_name, spec, message) => {
    const c = compileTimeCondition(spec);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(message);
  });

  it('accepts 29 February in a leap year', () => {
    expect(matcher({ dates: ['2028-02-29'] })(new Date('2028-02-29T12:00:00Z'))).toBe(true);
  });
});
