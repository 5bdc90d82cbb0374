// URI parsing for the packet path: SIP-AOR Contact URIs and routing-rule destinations.
export {
  formatNameAddr,
  formatSipUri,
  parseSipUri,
  type NameAddrInit,
  type SipHostType,
  type SipUri,
  type SipUriInit,
  type UriHeader,
  type UriParams,
} from './sip-uri.js';
export { formatTelUri, parseTelUri, type TelParseOptions, type TelUri, type TelUriInit } from './tel-uri.js';
