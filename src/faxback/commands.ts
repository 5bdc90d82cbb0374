// FB-Command and FB-Context values as decoded from the manual's packets (spec §2.1), and the valid
// pairs of [p.9] with the readings of spec §7. firebridge dispatches on these numbers — never on the
// names in the manual's tables, several of which are wrong (spec §7 #1–#3), and never on a
// dictionary file's VALUE names, which only rename them for logs.
export const FbCommand = {
  GetAccount: 1,
  GetAccountFromDid: 2,
  GetAccountFromSenderEmail: 3,
  GetLoadBalanceGroupMembers: 4,
  GetCallAheadMode: 5,
  GetAccountFromSerialNumber: 6,
  GetAccountFromMacAddress: 7,
  GetDid: 8,
  /** The table on p.28 says 8; the decoded packet on p.29 says 9 (spec §7 #3). */
  GetDidsForAccount: 9,
} as const;

export const FbContext = {
  AccountLogin: 1,
  AccountValidate: 2,
  PreSendSession: 3,
  PreReceiveSession: 4,
  ForExternalModule: 5,
} as const;

/** FB-Transfer-Type (spec §3.2, [p.41]). */
export const TransferType = { RealTime: 1, Queue: 2 } as const;

const C = FbContext;
/**
 * Contexts each command may come with ([p.9]). Get-DID takes 3 and 5 alike (spec §7 #2);
 * Get-Load-Balance-Group-Members comes with Pre-Receive-Session = 4, whatever p.29 prints (§7 #1).
 */
export const VALID_CONTEXTS: Readonly<Record<number, readonly number[]>> = {
  [FbCommand.GetAccount]: [C.AccountLogin, C.AccountValidate, C.PreSendSession, C.PreReceiveSession, C.ForExternalModule],
  [FbCommand.GetAccountFromDid]: [C.PreReceiveSession, C.ForExternalModule],
  [FbCommand.GetAccountFromSenderEmail]: [C.ForExternalModule],
  [FbCommand.GetLoadBalanceGroupMembers]: [C.PreReceiveSession],
  [FbCommand.GetCallAheadMode]: [C.PreSendSession],
  [FbCommand.GetAccountFromSerialNumber]: [C.ForExternalModule],
  [FbCommand.GetAccountFromMacAddress]: [C.ForExternalModule],
  [FbCommand.GetDid]: [C.PreSendSession, C.ForExternalModule],
  [FbCommand.GetDidsForAccount]: [C.ForExternalModule],
};
