// How operators spell yes and no, in a CSV cell (`enabled`, `send`, …) and in an option value
// (`--send off`): one list of spellings for every command, so a file that imports as subscribers
// reads the same way as fax accounts.

/** The spellings accepted, case-insensitive. */
export const ON_OFF_SPELLINGS = {
  true: ['1', 'true', 'yes', 'y', 'on', 'enabled'],
  false: ['0', 'false', 'no', 'n', 'off', 'disabled'],
} as const;

/** `ON_OFF_SPELLINGS` as a README or help line: "1/true/…/enabled or 0/false/…/disabled". */
export const ON_OFF_HELP = `${ON_OFF_SPELLINGS.true.join('/')} or ${ON_OFF_SPELLINGS.false.join('/')}`;

/** The reason a value is neither, completing `"<value>" …`. */
export const NOT_ON_OFF = `is neither true (${ON_OFF_SPELLINGS.true.join(', ')}) nor false (${ON_OFF_SPELLINGS.false.join(', ')})`;

/** true, false, or undefined when `text` is neither spelling. */
export function parseOnOff(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if ((ON_OFF_SPELLINGS.true as readonly string[]).includes(lower)) return true;
  if ((ON_OFF_SPELLINGS.false as readonly string[]).includes(lower)) return false;
  return undefined;
}
