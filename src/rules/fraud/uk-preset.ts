// The built-in UK destination classes (`fraud.preset: uk`), from Ofcom's National Telephone Numbering
// Plan (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbering — "The National
// Telephone Numbering Plan"): 07 mobile (070 personal numbering and 076 pagers are in it too, both
// misused for fraud), 09 premium rate, 118 directory enquiries; and the ITU-T E.164 codes of the
// satellite services (+870 Inmarsat, +881 GMSS, +882 international networks) that carriers charge
// most for. Both national (0…) and international (+44…, 0044…) forms are listed.
import type { DestinationClass } from './classes.js';

export const UK_PRESET: readonly DestinationClass[] = [
  { name: 'international', prefixes: ['00', '+'], except: ['0044', '+44'] },
  { name: 'premium', prefixes: ['09', '+449', '00449'], except: [] },
  { name: 'directory', prefixes: ['118'], except: [] },
  { name: 'satellite', prefixes: ['+870', '+881', '+882', '00870', '00881', '00882'], except: [] },
  { name: 'mobile', prefixes: ['07', '+447', '00447'], except: [] },
];

export const FRAUD_PRESETS = { uk: UK_PRESET } as const;
export type FraudPreset = keyof typeof FRAUD_PRESETS;
