// The fraud guard's destination classes: longest prefix wins, exceptions take a number out, and
// emergency numbers are never in any class.
import { describe, expect, it } from 'vitest';
import { classifyDestination, UK_PRESET, type DestinationClass } from '../../../src/rules/fraud/index.js';

describe('the UK preset', () => {
  it.each([
    ['0033123456789', 'international'],
    ['+33123456789', 'international'],
    ['+1 212 555 0100', 'international'],
    ['09061234567', 'premium'],
    ['+449061234567', 'premium'],
    ['00449061234567', 'premium'],
    ['118118', 'directory'],
    ['+870773100000', 'satellite'],
    ['00881612345678', 'satellite'],
    ['+882161234567', 'satellite'],
    ['07700900123', 'mobile'],
    ['+447700900123', 'mobile'],
    ['004477009001', 'mobile'],
  ])('%s is %s', (number, name) => {
    expect(classifyDestination(number, UK_PRESET, [])).toEqual({ kind: 'class', name });
  });

  it.each(['01632960123', '+441632960123', '00441632960123', '02079460000', '101', '01189876543', '+441189876543', '00441189876543'])('%s, a UK geographic (Reading 0118 too: directory enquiries are bare 118xxx) or service number, is in no class', (number) => {
    expect(classifyDestination(number, UK_PRESET, [])).toEqual({ kind: 'none' });
  });

  it.each(['999', '112'])('%s is an emergency number, whatever the classes say', (number) => {
    const everything: DestinationClass[] = [{ name: 'all', prefixes: ['1', '9'], except: [] }];
    expect(classifyDestination(number, everything, [])).toEqual({ kind: 'emergency' });
  });

  it('takes the configured emergency numbers too, as whole numbers only', () => {
    const classes: DestinationClass[] = [{ name: 'all', prefixes: ['1', '9'], except: [] }];
    expect(classifyDestination('911', classes, ['911'])).toEqual({ kind: 'emergency' });
    expect(classifyDestination('9110', classes, ['911'])).toEqual({ kind: 'class', name: 'all' });
    expect(classifyDestination('1125', classes, [])).toEqual({ kind: 'class', name: 'all' });
  });

  it('is in no class without a number', () => {
    expect(classifyDestination(undefined, UK_PRESET, [])).toEqual({ kind: 'none' });
  });
});
