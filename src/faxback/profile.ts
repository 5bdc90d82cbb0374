// Per-port-server settings for what the FaxBack manual leaves to the installation or leaves unclear
// (spec §6, §8 "Other operator inputs"). Each is chosen per RADIUS client (clients[].faxback), with
// the default the spec recommends; the defaults live with every other setting's, in config/schema.ts.
export type UuidEncoding = 'binary' | 'hex' | 'dash';

export interface FaxbackProfile {
  /**
   * UUID mode (spec §6): names up to 64 characters, FB-Account-UUID and
   * FB-Rcv-Failover-Account-UUID in the Account-Login reply. Needs both numbered in the dictionary.
   */
  readonly uuidMode: boolean;
  /** How UUIDs travel when sent (all three are accepted on input, spec §6). */
  readonly uuidEncoding: UuidEncoding;
  /**
   * Where the per-call call-ahead answer goes (spec §5): `pre-send` (default) — FB-Call-Ahead-Mode in
   * the Get-Account / Pre-Send-Session reply, for the raw dialled number; `get-call-ahead-mode` — the
   * port server is set to ask separately (row 10, the number after Send Routing), so the Pre-Send
   * reply leaves it out.
   */
  readonly callAheadIn: 'pre-send' | 'get-call-ahead-mode';
  /**
   * The optional commands (spec §2.2, rows 10, 12–14). Off, one is answered with an empty
   * Access-Accept, never a Reject (a Reject of Get-DID ends the fax, spec §2.3 row 12).
   */
  readonly answer: {
    readonly getDid: boolean;
    readonly getDidsForAccount: boolean;
    readonly callAhead: boolean;
  };
}
