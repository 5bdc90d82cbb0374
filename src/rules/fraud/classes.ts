// Destination classes of the fraud guard: which kind of number a call dials, by prefix. Pure, so the
// guard (app/firebrick/fraud.ts), `firebridge fraud` and the tests classify exactly alike.
//
// A class is a set of prefixes with exceptions; a number belongs to the class whose prefix matches
// longest, unless a longer exception of that class matches too. Longest match lets a narrow class
// sit inside a wide one without ordering rules: premium "+449" inside international "+".
// Emergency numbers are never classed, so no threshold can ever refuse them.

export interface DestinationClass {
  readonly name: string;
  readonly prefixes: readonly string[];
  /** Numbers starting with one of these are not in the class (e.g. "+44" is not international). */
  readonly except: readonly string[];
}

/** Always emergency, whatever the configuration adds: 999 (UK) and 112 (EU, GSM). */
export const EMERGENCY_NUMBERS: readonly string[] = ['999', '112'];

export type Destination =
  | { readonly kind: 'emergency' }
  | { readonly kind: 'class'; readonly name: string }
  /** In no class: nothing counts it and no threshold applies. */
  | { readonly kind: 'none' };

/** The digits a dialled number is matched on: "+", digits, "*" and "#", without separators. */
export function dialledDigits(number: string): string {
  return number.replace(/[\s().\-/]/g, '');
}

function longest(number: string, prefixes: readonly string[]): number {
  let best = -1;
  for (const p of prefixes) if (p.length > best && number.startsWith(p)) best = p.length;
  return best;
}

export function classifyDestination(number: string | undefined, classes: readonly DestinationClass[], emergency: readonly string[]): Destination {
  if (number === undefined) return { kind: 'none' };
  const digits = dialledDigits(number);
  // Whole-number match only: "1125" is not 112.
  if (EMERGENCY_NUMBERS.includes(digits) || emergency.includes(digits)) return { kind: 'emergency' };
  let best: { name: string; length: number } | undefined;
  for (const c of classes) {
    const length = longest(digits, c.prefixes);
    if (length < 0 || length <= (best?.length ?? -1)) continue;
    if (longest(digits, c.except) > length) continue;
    best = { name: c.name, length };
  }
  return best ? { kind: 'class', name: best.name } : { kind: 'none' };
}
