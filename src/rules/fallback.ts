/** Delay used for `fallback: true`: the FireBrick starts it at once when all other legs are gone (spec §4.2). */
export const FALLBACK_DELAY_SECONDS = 999;
