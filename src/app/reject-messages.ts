// Reply-Message texts: they reach the caller's phone in the SIP Warning header (spec §5), so they
// say what happened in words an operator recognises, without telling a scanner which usernames exist.
export const RejectMessage = {
  authFailed: 'Authentication failed',
  lockedOut: 'Too many failed attempts: temporarily locked out, try again later',
  disabled: 'Account disabled',
  replay: 'Authentication failed: replayed credentials',
  wrongRealm: 'Authentication failed: realm not served here',
  unsupported: 'Authentication failed: unsupported digest algorithm or qop',
  notVoip: 'Not a VoIP request: firebridge answers FireBrick VoIP RADIUS only',
  storeUnavailable: 'Service temporarily unavailable',
  tooManyRegistrations: 'Too many registrations for this account',
  routingError: 'Call routing failed',
} as const;
