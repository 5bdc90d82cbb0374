// The numbers a subscriber may present as caller ID besides its own (the CLI policy, README → Caller
// ID policy), as an operator writes them: comma-separated, any written form. Stored in E.164, so that
// `02071234500`, `+442071234500` and `442071234500` are one number. Read the same way by
// `subscriber add|set --present` and by the `present` column of `subscriber import`.
import { e164Of } from '../rules/index.js';

export const PRESENT_LIST_HELP = 'numbers (comma-separated) it may present as caller ID besides its own; "" clears';

export function readPresentList(text: string): { readonly numbers: string[] } | { readonly notANumber: string } {
  const numbers: string[] = [];
  for (const written of text.split(',').map((n) => n.trim()).filter((n) => n !== '')) {
    const e164 = e164Of(written);
    if (e164 === undefined) return { notANumber: written };
    if (!numbers.includes(e164)) numbers.push(e164);
  }
  return { numbers };
}

export const notANumber = (written: string): string => `"${written}" is not a telephone number (national 0…, +CC…, 00CC… or CC…)`;
