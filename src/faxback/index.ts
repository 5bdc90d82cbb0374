// What app/, cli/, store/ and lab/ use of the FaxBack dialect.
export { readFaxbackRequest, REFUSAL_SENTENCES, type FaxbackRequest, type FaxbackRequestResult, type RefusalReason, type RequestRefusal } from './access-request.js';
export { readFaxAccounting, recordFieldName, MAX_SESSION_ID, type FaxAccountingMessage } from './accounting-request.js';
export { FAXBACK_ATTRIBUTES, type FaxbackAttributeName, type WireType } from './attributes.js';
export { FbCommand, FbContext, TransferType } from './commands.js';
export { callAheadAnswer, decideFaxback, refusalDecision } from './decide.js';
export type { FaxbackAccept, FaxbackDecision, FaxbackReject, ReplyAttribute } from './decision.js';
export { parseDictionaryFile, type DictionaryFile, type DictionaryFileResult } from './dictionary-file.js';
export {
  BUILT_IN_DICTIONARY,
  FaxbackDictionary,
  loadDictionary,
  profileRequirementProblems,
  unnumberedReplyAttributes,
  type LoadedDictionary,
  type ProfileRequirementProblem,
} from './dictionary.js';
export { encodeReply, ReplyEncodingError } from './encode-reply.js';
export { faxRecordFields, type FaxEvent, type FaxRecord, type FaxStatus } from './fax-event.js';
export { checkPassword, gatherFacts, gatherRecords, lookupsFor, type FaxbackFacts, type FaxbackFactsSource, type FaxbackLookups } from './lookups.js';
export { hashPassword, isPasswordHash, verifyPassword } from './password.js';
export type { FaxbackProfile, UuidEncoding } from './profile.js';
export * from './records.js';
export { readUuid, writeUuid } from './uuid.js';
export { encodeFaxbackVsa, FAXBACK_VENDOR_ID, MAX_SUB_ATTRIBUTE_VALUE, readFaxbackVsas, type SubAttribute, type VsaProblem } from './vsa.js';
export {
  faxAccountingAttributes,
  faxbackRequestAttributes,
  RequestEncodingError,
  type FaxAccountingSpec,
  type FaxbackRequestSpec,
} from './encode-request.js';
