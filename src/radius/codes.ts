// RADIUS packet codes used by firebridge (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2, RFC 5997 §2).
export const Code = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;

export type CodeNumber = (typeof Code)[keyof typeof Code];
export type ReplyCode =
  | typeof Code.AccessAccept
  | typeof Code.AccessReject
  | typeof Code.AccessChallenge
  | typeof Code.AccountingResponse;

const names: Record<number, string> = {
  1: 'Access-Request',
  2: 'Access-Accept',
  3: 'Access-Reject',
  4: 'Accounting-Request',
  5: 'Accounting-Response',
  11: 'Access-Challenge',
  12: 'Status-Server',
  13: 'Status-Client',
  40: 'Disconnect-Request',
  41: 'Disconnect-ACK',
  42: 'Disconnect-NAK',
  43: 'CoA-Request',
  44: 'CoA-ACK',
  45: 'CoA-NAK',
};

export function codeName(code: number): string {
  return names[code] ?? `Code-${code}`;
}
