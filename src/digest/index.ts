// Digest authentication for RFC 5090 requests: pure functions, no I/O. See spec §8.3–8.5.
export {
  STORED_HA1_ALGORITHMS,
  baseHashOf,
  hashHex,
  hashHexLength,
  isSessionAlgorithm,
  parseAlgorithm,
  type BaseHashAlgorithm,
  type DigestAlgorithm,
} from './algorithm.js';
export { hexDigestEquals } from './compare.js';
export {
  DEFAULT_MAX_FUTURE_SKEW_MS,
  checkNonce,
  issueNonce,
  opaqueFor,
  type CheckNonceOptions,
  type IssueNonceOptions,
  type NonceCheck,
} from './nonce.js';
export {
  computeHa1,
  computeResponse,
  computeResponseAuth,
  ha1For,
  sessionHa1,
  type ComputeErrorReason,
  type ComputeResult,
  type CredentialIdentity,
  type ResponseParams,
  type StoredCredential,
} from './response.js';
export { unescapeDigestValue } from './unescape.js';
export { verifyDigest, type DigestFailureReason, type DigestInput, type DigestVerdict } from './verify.js';
