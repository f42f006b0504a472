import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { SshWireReader, SshWireWriter } from './ssh-wire';

const MSG_DISCONNECT = 1;
const MSG_KEXINIT = 20;
const MSG_KEX_ECDH_INIT = 30;
const MSG_KEX_ECDH_REPLY = 31;

/** Key exchanges offered, each answered by an ECDH reply that carries the server's host key (or certificate). */
const KEX_ALGORITHMS = ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256'];
const CIPHERS = ['aes128-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'chacha20-poly1305@openssh.com'];
const MACS = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'];
/** The longest version line and packet a server may send before its reply (RFC 4253 allows 35,000 bytes). */
const MAX_LINE = 8192;
const MAX_PACKET = 35_000;

/** What a server offers in its KEXINIT (RFC 4253 §7.1). */
export interface ServerAlgorithms {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  hmac: string[];
}

/** What to do once the server's KEXINIT is read: stop with a result, or go on to its key exchange reply. */
type Decision<T> = { result: T } | { exchange: string };

/**
 * The first steps of an SSH key exchange on a connection of its own, never completed: the server's
 * version line and KEXINIT, then (if `decide` asks) its ECDH reply. Nothing is authenticated, and
 * nothing read here is trusted by itself.
 */
function probe<T>(
  transport: Duplex,
  hostKeyAlgorithms: readonly string[],
  timeoutMs: number,
  decide: (server: ServerAlgorithms) => Decision<T>,
  onReply: (hostKey: Buffer) => T,
  onNoHostKey: () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    let versionSeen = false;
    let settled = false;
    const finish = (error: Error | null, result?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      transport.removeListener('data', onData);
      transport.destroy();
      if (error) reject(error);
      else resolve(result as T);
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer to the key exchange within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      try {
        if (!versionSeen) {
          const line = takeVersionLine();
          if (line === null) return;
          versionSeen = true;
          if (!line.startsWith('SSH-2.0-') && !line.startsWith('SSH-1.99-'))
            throw new Error(`the server speaks "${line.slice(0, 40)}", not SSH 2`);
        }
        for (let payload = takePacket(); payload !== null && !settled; payload = takePacket())
          onPacket(payload);
      } catch (err) {
        finish(err as Error);
      }
    };
    /** The server's version line, once whole (lines before it are the server's banner, RFC 4253 §4.2). */
    const takeVersionLine = (): string | null => {
      for (;;) {
        const end = received.indexOf(0x0a);
        if (end < 0) {
          if (received.length > MAX_LINE) throw new Error('the server sent no SSH version line');
          return null;
        }
        const line = received.toString('latin1', 0, end).replace(/\r$/, '');
        received = received.subarray(end + 1);
        if (line.startsWith('SSH-')) return line;
      }
    };
    const takePacket = (): Buffer | null => {
      if (received.length < 5) return null;
      const length = received.readUInt32BE(0);
      if (length > MAX_PACKET || length < 5) throw new Error(`the server sent a packet of ${length} bytes`);
      if (received.length < 4 + length) return null;
      const padding = received[4];
      if (padding + 1 > length) throw new Error('the server sent a malformed packet');
      const payload = received.subarray(5, 4 + length - padding);
      received = received.subarray(4 + length);
      return payload;
    };
    const onPacket = (payload: Buffer): void => {
      const reader = new SshWireReader(payload, 'server packet');
      const type = reader.byte();
      if (type === MSG_KEXINIT) {
        const decision = decide(serverAlgorithms(payload));
        if ('result' in decision) return finish(null, decision.result);
        transport.write(
          packet(
            new SshWireWriter().byte(MSG_KEX_ECDH_INIT).string(ephemeralKey(decision.exchange)).toBuffer(),
          ),
        );
      } else if (type === MSG_KEX_ECDH_REPLY) {
        finish(null, onReply(reader.string()));
      } else if (type === MSG_DISCONNECT) {
        reader.uint32();
        const why = reader.text();
        if (/host key/i.test(why)) return finish(null, onNoHostKey());
        throw new Error(`the server ended the exchange: ${why}`);
      }
    };
    transport.on('data', onData);
    transport.once('error', (err: Error) => finish(err));
    transport.once('close', () => finish(new Error('the server closed the connection before answering')));
    transport.write('SSH-2.0-Watchfloor\r\n');
    transport.write(packet(clientKexInit(hostKeyAlgorithms)));
  });
}

/**
 * Asks a server for its host certificate: a key exchange offering only certificate host key algorithms,
 * given up as soon as the server's reply (which carries the certificate) arrives. The certificate is to
 * be trusted only for the very key the real connection's key exchange proved the server holds. Resolves
 * null when the server has no certificate of these types.
 */
export function fetchHostCertificate(
  transport: Duplex,
  algorithms: readonly string[],
  timeoutMs: number,
): Promise<Buffer | null> {
  return probe<Buffer | null>(
    transport,
    algorithms,
    timeoutMs,
    (server) => {
      const exchange = KEX_ALGORITHMS.find((name) => server.kex.includes(name));
      if (exchange === undefined)
        throw new Error(`no key exchange in common (the server offers ${server.kex.join(', ')})`);
      return algorithms.some((name) => server.serverHostKey.includes(name)) ? { exchange } : { result: null };
    },
    (certificate) => certificate,
    () => null,
  );
}

/** What a server offers, read from its KEXINIT (to say which algorithm a failed handshake lacked). */
export function readServerAlgorithms(transport: Duplex, timeoutMs: number): Promise<ServerAlgorithms> {
  return probe<ServerAlgorithms>(
    transport,
    ['ssh-ed25519'],
    timeoutMs,
    (server) => ({ result: server }),
    () => {
      throw new Error('the server answered before its KEXINIT');
    },
    () => {
      throw new Error('the server sent no KEXINIT');
    },
  );
}

function serverAlgorithms(kexinit: Buffer): ServerAlgorithms {
  // After the message type: a 16-byte cookie, then the name-lists.
  const reader = new SshWireReader(kexinit.subarray(17), 'server KEXINIT');
  // Not key exchanges: markers of protocol extensions (RFC 8308's ext-info, OpenSSH's strict KEX).
  const kex = reader.nameList().filter((name) => !/^(ext-info-|kex-strict-)/.test(name));
  const serverHostKey = reader.nameList();
  const cipher = reader.nameList();
  reader.nameList(); // ciphers server to client
  const hmac = reader.nameList();
  return { kex, serverHostKey, cipher, hmac };
}

function clientKexInit(hostKeyAlgorithms: readonly string[]): Buffer {
  return new SshWireWriter()
    .byte(MSG_KEXINIT)
    .raw(randomBytes(16))
    .nameList(KEX_ALGORITHMS)
    .nameList(hostKeyAlgorithms)
    .nameList(CIPHERS)
    .nameList(CIPHERS)
    .nameList(MACS)
    .nameList(MACS)
    .nameList(['none'])
    .nameList(['none'])
    .nameList([])
    .nameList([])
    .byte(0)
    .uint32(0)
    .toBuffer();
}

/** An ephemeral public key for the key exchange (never completed, so its private half is never used). */
function ephemeralKey(kex: string): Buffer {
  if (kex === 'ecdh-sha2-nistp256') return createECDH('prime256v1').generateKeys();
  const jwk = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

/** An unencrypted binary packet (RFC 4253 §6), padded to a multiple of 8 bytes with at least 4 of padding. */
function packet(payload: Buffer): Buffer {
  let padding = 8 - ((5 + payload.length) % 8);
  if (padding < 4) padding += 8;
  return new SshWireWriter()
    .uint32(1 + payload.length + padding)
    .byte(padding)
    .raw(payload)
    .raw(randomBytes(padding))
    .toBuffer();
}
