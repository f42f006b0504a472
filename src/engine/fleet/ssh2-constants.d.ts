/** The SSH library's own lists of the algorithms it offers by default and implements. */
declare module 'ssh2/lib/protocol/constants.js' {
  const constants: {
    DEFAULT_KEX: string[];
    SUPPORTED_KEX: string[];
    DEFAULT_SERVER_HOST_KEY: string[];
    SUPPORTED_SERVER_HOST_KEY: string[];
    DEFAULT_CIPHER: string[];
    SUPPORTED_CIPHER: string[];
    DEFAULT_MAC: string[];
    SUPPORTED_MAC: string[];
  };
  export default constants;
}
