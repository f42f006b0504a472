import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { hostname as localHostName } from 'node:os';
import { join, resolve } from 'node:path';
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { ALGORITHM_KEYWORDS, type AlgorithmKind, type AlgorithmSettings } from './ssh-algorithms';
import { expandPathGlob, matchesPattern, matchPatternList } from './ssh-config-patterns';

export interface ResolvedSshHost {
  /** What was asked for. */
  alias: string;
  /** HostName with %h expanded, or the alias; lowercased as ssh does. */
  hostName: string;
  port: number;
  user: string;
  /** Absolute paths; the OpenSSH defaults when the config names none. */
  identityFiles: string[];
  explicitIdentityFiles: boolean;
  /** CertificateFile paths (absolute, tokens expanded): OpenSSH user certificates for the identities. */
  certificateFiles: string[];
  identitiesOnly: boolean;
  /** Hop specs in order, e.g. ['bastion', 'deploy@jump2:2222']; [] for none. */
  proxyJump: string[];
  /** A ProxyCommand as written (quotes kept, %-tokens not expanded), when it came before any ProxyJump; null for none. */
  proxyCommand: string | null;
  connectTimeoutSec: number | null;
  /** 0 means off in OpenSSH; the caller applies its own keepalive then. */
  serverAliveIntervalSec: number;
  serverAliveCountMax: number;
  strictHostKeyChecking: 'yes' | 'no' | 'ask' | 'accept-new';
  /**
   * IdentityAgent as ssh -G prints it: a socket path (~, %-tokens and ${VAR} expanded), `none`,
   * `SSH_AUTH_SOCK`, or `$NAME` (read from the environment when connecting); null when not set.
   */
  identityAgent: string | null;
  /** The name the host key is looked up and saved under in known_hosts (no port added); null for none. */
  hostKeyAlias: string | null;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  /** KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms as set, applied when connecting. */
  algorithms: AlgorithmSettings;
  /** Settings ssh would apply to this host and Watchfloor does not, each said with its line and what differs. */
  unapplied: string[];
  /** CanonicalizeHostname and its settings, when on (absent when off, and once the name is canonical). */
  canonicalization?: CanonicalizationRule;
  /** Where to connect when it is not `hostName`: the address found while canonicalizing the name. */
  address?: string;
  /** Compression yes: zlib is asked for first (present only then). */
  compression?: true;
  /** HashKnownHosts yes: host keys remembered are written under a hashed name (present only then). */
  hashKnownHosts?: true;
  /** PreferredAuthentications as listed (lowercased), when set. */
  preferredAuthentications?: string[];
}

/** How ssh turns a short host name into a full one (CanonicalizeHostname and its companions). */
export interface CanonicalizationRule {
  /** `yes`: for hosts reached directly; `always`: through a ProxyCommand or ProxyJump too. */
  mode: 'yes' | 'always';
  /** CanonicalDomains, tried in order. */
  domains: string[];
  /** CanonicalizeMaxDots: names with more dots are taken as they are. */
  maxDots: number;
  /** CanonicalizeFallbackLocal: a name no domain completes is used as it is (else the connection fails). */
  fallbackLocal: boolean;
  /** The file and line that turned it on. */
  where: string;
}

export interface SshConfigContext {
  home: string;
  localUser: string;
  /**
   * The user's config text, read like `ssh -F`: the system-wide file is then skipped. Undefined reads
   * ~/.ssh/config and /etc/ssh/ssh_config as ssh does; null means no config at all.
   */
  configText?: string | null;
  /** Returns null for a missing file. Defaults to synchronous node:fs reads. */
  readFile?: (path: string) => string | null;
  /** Returns null for a missing directory; used to expand `Include` globs. */
  listDirectory?: (path: string) => string[] | null;
  /** Relative IdentityFile and UserKnownHostsFile paths are relative to this, as for ssh. */
  cwd?: string;
  /** For `${VAR}` in paths. Defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export interface JumpHop {
  user?: string;
  host: string;
  port?: number;
}

const SYSTEM_CONFIG = '/etc/ssh/ssh_config';
const SYSTEM_DIR = '/etc/ssh';
const MAX_INCLUDE_DEPTH = 16;
const DEFAULT_IDENTITY_NAMES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];
/** The authentication methods the SSH login tries (see auth-plan). */
const TRIED_AUTH_METHODS = new Set(['publickey', 'keyboard-interactive', 'password']);
const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

interface ConfigLine {
  keyword: string;
  args: string[];
  /** The value as written, quotes kept: ssh hands a ProxyCommand to the shell like that. */
  raw: string;
  file: string;
  line: number;
}

/** Options as ssh collects them: the first value obtained for each keyword wins, IdentityFile accumulates. */
interface CollectedOptions {
  values: Map<string, ConfigLine>;
  identityFiles: { path: string; line: ConfigLine }[];
  certificateFiles: { path: string; line: ConfigLine }[];
  jumpHost?: string;
  proxyCommand?: ConfigLine;
}

interface Evaluation {
  alias: string;
  /** What `Host` lines match: the alias, then the final host name in the `Match final` pass. */
  hostForHostLines: string;
  finalPass: boolean;
  wantsFinalPass: boolean;
  localUser: string;
  options: CollectedOptions;
  /** What ssh would apply that these passes could not (Match exec), once per line. */
  notes: Set<string>;
}

/**
 * Resolves a host the way `ssh -G` does, for the options Watchfloor uses. With `canonicalName` (what
 * CanonicalizeHostname made of the host's name, see host-canonicalizer), the configuration is read again
 * for it as ssh does after canonicalizing: Host lines match the full name, and `Match canonical` holds.
 */
export function resolveSshHost(
  alias: string,
  ctx: SshConfigContext,
  overrides: { port?: number; user?: string } = {},
  canonicalName?: string,
): ResolvedSshHost {
  const readFile = ctx.readFile ?? readFileIfPresent;
  const listDirectory = ctx.listDirectory ?? listDirectoryIfPresent;
  const userConfigPath = join(ctx.home, '.ssh', 'config');
  const sources: { path: string; text: string | null; relativeTo: string }[] =
    ctx.configText === undefined
      ? [
          { path: userConfigPath, text: readFile(userConfigPath), relativeTo: join(ctx.home, '.ssh') },
          { path: SYSTEM_CONFIG, text: readFile(SYSTEM_CONFIG), relativeTo: SYSTEM_DIR },
        ]
      : [{ path: userConfigPath, text: ctx.configText, relativeTo: join(ctx.home, '.ssh') }];

  const options: CollectedOptions = { values: new Map(), identityFiles: [], certificateFiles: [] };
  if (overrides.user !== undefined) options.values.set('user', overrideLine('user', overrides.user));
  if (overrides.port !== undefined) options.values.set('port', overrideLine('port', String(overrides.port)));
  const evaluation: Evaluation = {
    alias,
    hostForHostLines: alias,
    finalPass: false,
    wantsFinalPass: false,
    localUser: ctx.localUser,
    options,
    notes: new Set(),
  };
  const readAll = (): void => {
    for (const source of sources) {
      if (source.text === null) continue;
      const include = { readFile, listDirectory, relativeTo: source.relativeTo, home: ctx.home };
      processFile(source.path, source.text, evaluation, include, false, 0);
    }
  };

  readAll();
  const hostName = canonicalName ?? expandHostName(options.values.get('hostname'), alias);
  if (evaluation.wantsFinalPass || canonicalName !== undefined) {
    // As ssh does for `Match final` and after canonicalizing: read everything again, now matching Host
    // lines against the host name.
    evaluation.finalPass = true;
    evaluation.hostForHostLines = hostName;
    options.values.set('hostname', overrideLine('hostname', hostName));
    readAll();
  }
  const result = buildResult(alias, hostName, options, ctx);
  result.unapplied.push(...evaluation.notes);
  if (canonicalName !== undefined) delete result.canonicalization;
  return result;
}

/** `[user@]host[:port]`, `user@[v6addr]:port` or `ssh://[user@]host[:port]`, as ProxyJump accepts. */
export function parseJumpSpec(spec: string): JumpHop {
  const withoutScheme = spec.startsWith('ssh://') ? spec.slice('ssh://'.length).replace(/\/$/, '') : spec;
  const at = withoutScheme.lastIndexOf('@');
  const user = at >= 0 ? withoutScheme.slice(0, at) : undefined;
  const hostPort = at >= 0 ? withoutScheme.slice(at + 1) : withoutScheme;
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(hostPort);
  if (!match || user === '') throw new Error(`Invalid ProxyJump hop "${spec}": expected [user@]host[:port]`);
  const hop: JumpHop = { host: match[1] };
  if (user !== undefined) hop.user = user;
  if (match[2] !== undefined) hop.port = parsePort(match[2], `ProxyJump hop "${spec}"`);
  return hop;
}

interface IncludeContext {
  readFile: (path: string) => string | null;
  listDirectory: (path: string) => string[] | null;
  relativeTo: string;
  home: string;
}

/** One file, line by line, as readconf.c does; `neverMatch` marks files included from an inactive block. */
function processFile(
  path: string,
  text: string,
  evaluation: Evaluation,
  include: IncludeContext,
  neverMatch: boolean,
  depth: number,
): void {
  let active = !neverMatch;
  for (const line of configLines(text, path)) {
    if (line.keyword === 'host') {
      active = !neverMatch && hostLineMatches(line, evaluation.hostForHostLines);
    } else if (line.keyword === 'match') {
      const matched = matchLineMatches(line, evaluation);
      active = !neverMatch && matched;
    } else if (line.keyword === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) throw configError(line, 'Include nested too deeply');
      for (const file of includedFiles(line, include)) {
        const includedText = include.readFile(file);
        if (includedText !== null) processFile(file, includedText, evaluation, include, !active, depth + 1);
      }
    } else if (active) {
      collect(evaluation.options, line);
    }
  }
}

function collect(options: CollectedOptions, line: ConfigLine): void {
  const value = line.args.join(' ');
  if (line.keyword === 'identityfile' || line.keyword === 'certificatefile') {
    // The Match final pass reads every line again; ssh keeps one copy of each file.
    const files = line.keyword === 'identityfile' ? options.identityFiles : options.certificateFiles;
    for (const path of line.args) {
      if (!files.some((known) => known.path === path)) files.push({ path, line });
    }
  } else if (line.keyword === 'proxyjump') {
    // A ProxyCommand seen first wins over ProxyJump, and a real ProxyJump silences later ProxyCommands.
    if (options.jumpHost !== undefined || options.proxyCommand !== undefined) return;
    options.jumpHost = value;
    if (value.toLowerCase() !== 'none') options.proxyCommand = overrideLine('proxycommand', 'none');
  } else if (line.keyword === 'proxycommand') {
    options.proxyCommand ??= line;
  } else if (!options.values.has(line.keyword)) {
    options.values.set(line.keyword, line);
  }
}

function hostLineMatches(line: ConfigLine, host: string): boolean {
  // Each argument is one pattern (commas are not separators here) and comparison is case-sensitive.
  let matched = false;
  for (const arg of line.args) {
    const negated = arg.startsWith('!');
    if (!matchesPattern(host, negated ? arg.slice(1) : arg)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function matchLineMatches(line: ConfigLine, evaluation: Evaluation): boolean {
  const { options } = evaluation;
  const host = expandHostName(options.values.get('hostname'), evaluation.alias);
  const user = options.values.get('user')?.args[0] ?? evaluation.localUser;
  let result = true;
  for (let i = 0; i < line.args.length; i++) {
    const raw = line.args[i];
    const negated = raw.startsWith('!');
    const criterion = (negated ? raw.slice(1) : raw).toLowerCase();
    if (criterion === 'all') {
      if (negated || line.args.length > 1) throw configError(line, 'Match all must appear alone');
      return true;
    }
    let matched: boolean;
    if (criterion === 'final' || criterion === 'canonical') {
      if (criterion === 'final') evaluation.wantsFinalPass = true;
      matched = evaluation.finalPass;
    } else {
      const arg = line.args[++i];
      if (arg === undefined) throw configError(line, `Match ${criterion} needs an argument`);
      // As ssh, which runs an exec only while the criteria before it hold.
      matched =
        criterion === 'exec' && !result
          ? false
          : matchCriterion(criterion, arg, { host, user, evaluation, line });
    }
    if (matched === negated) result = false;
  }
  return result;
}

function matchCriterion(
  criterion: string,
  arg: string,
  { host, user, evaluation, line }: { host: string; user: string; evaluation: Evaluation; line: ConfigLine },
): boolean {
  const patterns = arg.split(',');
  switch (criterion) {
    case 'host':
      return matchPatternList(host, patterns, { ignoreCase: true }) === 'match';
    case 'originalhost':
      return matchPatternList(evaluation.alias, patterns, { ignoreCase: true }) === 'match';
    case 'user':
      return matchPatternList(user, patterns, { ignoreCase: false }) === 'match';
    case 'localuser':
      return matchPatternList(evaluation.localUser, patterns, { ignoreCase: false }) === 'match';
    case 'exec':
      // Config text never runs commands here; such a block does not apply, and the host says so.
      evaluation.notes.add(
        `${line.file} line ${line.line}: Match exec is not evaluated: commands in ssh config are not run here, so its block does not apply`,
      );
      return false;
    default:
      throw configError(line, `unsupported Match criterion "${criterion}"`);
  }
}

function includedFiles(line: ConfigLine, include: IncludeContext): string[] {
  return line.args.flatMap((arg) => {
    const path = arg.startsWith('~')
      ? expandTilde(arg, include.home, line)
      : resolve(include.relativeTo, arg);
    return expandPathGlob(path, include.listDirectory);
  });
}

function buildResult(
  alias: string,
  hostName: string,
  options: CollectedOptions,
  ctx: SshConfigContext,
): ResolvedSshHost {
  const text = (keyword: string): string | undefined => options.values.get(keyword)?.args[0];
  const port = options.values.has('port') ? parsePort(text('port')!, lineName(options, 'port')) : 22;
  const user = text('user') ?? ctx.localUser;
  const hostKeyAlias = text('hostkeyalias') ?? null;
  const tokens: Record<string, string> = {
    '%': '%',
    // As OpenSSH 9.2 hashes it (later releases add the ProxyJump to the hash).
    C: createHash('sha1').update(`${localHostName()}${hostName}${port}${user}`).digest('hex'),
    d: ctx.home,
    h: hostName,
    i: String(process.getuid?.() ?? 0),
    k: hostKeyAlias ?? alias,
    L: localHostName().split('.')[0],
    l: localHostName(),
    n: alias,
    p: String(port),
    r: user,
    u: ctx.localUser,
  };
  const expandPath = (value: string, line: ConfigLine | undefined): string =>
    resolve(ctx.cwd ?? process.cwd(), expandTokens(value, tokens, ctx, line));
  const explicitIdentityFiles = options.identityFiles.length > 0;
  const identityFiles = explicitIdentityFiles
    ? options.identityFiles
    : DEFAULT_IDENTITY_NAMES.map((name) => ({ path: `~/.ssh/${name}`, line: undefined }));
  const jump = options.jumpHost;
  return {
    alias,
    hostName,
    port,
    user,
    identityFiles: identityFiles.map((file) => expandPath(file.path, file.line)),
    explicitIdentityFiles,
    certificateFiles: options.certificateFiles.map((file) => expandPath(file.path, file.line)),
    identitiesOnly: parseYesNo(options, 'identitiesonly', false),
    proxyJump: jump === undefined || jump.toLowerCase() === 'none' ? [] : jump.split(','),
    proxyCommand:
      options.proxyCommand === undefined || options.proxyCommand.raw.toLowerCase() === 'none'
        ? null
        : options.proxyCommand.raw,
    connectTimeoutSec: parseSeconds(options, 'connecttimeout', null),
    serverAliveIntervalSec: parseSeconds(options, 'serveraliveinterval', 0) ?? 0,
    serverAliveCountMax: parseSeconds(options, 'serveralivecountmax', 3) ?? 3,
    strictHostKeyChecking: parseStrictHostKeyChecking(options),
    hostKeyAlias,
    identityAgent: identityAgentOf(options.values.get('identityagent'), expandPath),
    userKnownHostsFiles: knownHostsFiles(
      options,
      'userknownhostsfile',
      ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'],
      expandPath,
    ),
    globalKnownHostsFiles: knownHostsFiles(
      options,
      'globalknownhostsfile',
      DEFAULT_GLOBAL_KNOWN_HOSTS,
      expandPath,
    ),
    algorithms: algorithmSettings(options),
    unapplied: unappliedSettings(options),
    ...canonicalizationRule(options),
    ...(parseYesNo(options, 'compression', false) ? { compression: true as const } : {}),
    ...(parseYesNo(options, 'hashknownhosts', false) ? { hashKnownHosts: true as const } : {}),
    ...preferredAuthentications(options),
  };
}

/** The methods PreferredAuthentications lists, lowercased; undefined when it is not set. */
function listedAuthMethods(options: CollectedOptions): string[] | undefined {
  return options.values
    .get('preferredauthentications')
    ?.args.join(',')
    .split(',')
    .map((method) => method.trim().toLowerCase())
    .filter(Boolean);
}

function preferredAuthentications(options: CollectedOptions): { preferredAuthentications?: string[] } {
  const methods = listedAuthMethods(options);
  return methods ? { preferredAuthentications: methods } : {};
}

function canonicalizationRule(options: CollectedOptions): { canonicalization?: CanonicalizationRule } {
  const line = options.values.get('canonicalizehostname');
  if (!line) return {};
  const value = line.args[0].toLowerCase();
  if (value === 'no' || value === 'false' || value === 'none') return {};
  if (value !== 'yes' && value !== 'true' && value !== 'always')
    throw configError(line, `CanonicalizeHostname must be yes, no or always, not "${line.args[0]}"`);
  const listed = (options.values.get('canonicaldomains')?.args ?? []).flatMap((arg) => arg.split(/\s+/));
  // `none` ends the list, as for ssh.
  const none = listed.findIndex((domain) => domain.toLowerCase() === 'none');
  const maxDots = options.values.get('canonicalizemaxdots');
  const dots = maxDots === undefined ? 1 : Number(maxDots.args[0]);
  if (!Number.isInteger(dots) || dots < 0)
    throw configError(maxDots!, `CanonicalizeMaxDots must be a whole number, not "${maxDots!.args[0]}"`);
  const canonicalization: CanonicalizationRule = {
    mode: value === 'always' ? 'always' : 'yes',
    domains: none < 0 ? listed : listed.slice(0, none),
    maxDots: dots,
    fallbackLocal: parseYesNo(options, 'canonicalizefallbacklocal', true),
    where: `${line.file} line ${line.line}`,
  };
  return { canonicalization };
}

function identityAgentOf(
  line: ConfigLine | undefined,
  expandPath: (value: string, line: ConfigLine | undefined) => string,
): string | null {
  if (!line) return null;
  const value = line.args[0];
  if (value === 'none' || value === 'SSH_AUTH_SOCK' || value.startsWith('$')) return value;
  return expandPath(value, line);
}

function knownHostsFiles(
  options: CollectedOptions,
  keyword: string,
  defaults: string[],
  expandPath: (value: string, line: ConfigLine | undefined) => string,
): string[] {
  const line = options.values.get(keyword);
  if (line && line.args.length === 1 && line.args[0].toLowerCase() === 'none') return [];
  return (line?.args ?? defaults).map((file) => expandPath(file, line));
}

/** HostName may only use %h (the alias) and %%; ssh lowercases the result. */
function expandHostName(line: ConfigLine | undefined, alias: string): string {
  if (!line) return alias.toLowerCase();
  return line.args[0]
    .replace(/%(.)/g, (token, name: string) => {
      if (name === 'h') return alias;
      if (name === '%') return '%';
      throw configError(line, `HostName does not support ${token}`);
    })
    .toLowerCase();
}

function expandTokens(
  value: string,
  tokens: Record<string, string>,
  ctx: SshConfigContext,
  line: ConfigLine | undefined,
): string {
  const env = ctx.env ?? process.env;
  const withTilde = value.startsWith('~') ? expandTilde(value, ctx.home, line) : value;
  return withTilde
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name];
      if (found === undefined) throw pathError(line, value, `environment variable ${name} is not set`);
      return found;
    })
    .replace(/%(.?)/g, (token, name: string) => {
      if (!(name in tokens)) throw pathError(line, value, `unknown token ${token}`);
      return tokens[name];
    });
}

function expandTilde(value: string, home: string, line: ConfigLine | undefined): string {
  if (value === '~') return home;
  if (value.startsWith('~/')) return join(home, value.slice(2));
  throw pathError(line, value, 'only ~/ is supported, not ~user/');
}

function parseYesNo(options: CollectedOptions, keyword: string, fallback: boolean): boolean {
  const line = options.values.get(keyword);
  if (!line) return fallback;
  const value = line.args[0].toLowerCase();
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  throw configError(line, `${keyword} must be yes or no, not "${line.args[0]}"`);
}

function parseSeconds(options: CollectedOptions, keyword: string, fallback: number | null): number | null {
  const line = options.values.get(keyword);
  if (!line) return fallback;
  if (keyword === 'connecttimeout' && line.args[0].toLowerCase() === 'none') return null;
  const seconds = parseTimeSpec(line.args[0]);
  if (seconds === null)
    throw configError(line, `${keyword} must be a number of seconds, not "${line.args[0]}"`);
  return seconds;
}

/** OpenSSH time formats: plain seconds or a sequence like 1m30s (s, m, h, d, w). */
function parseTimeSpec(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  if (!/^(\d+[smhdwSMHDW])+$/.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)([a-zA-Z])/g))
    total += Number(amount) * units[unit.toLowerCase()];
  return total;
}

function parseStrictHostKeyChecking(options: CollectedOptions): ResolvedSshHost['strictHostKeyChecking'] {
  const line = options.values.get('stricthostkeychecking');
  if (!line) return 'ask';
  const value = line.args[0].toLowerCase();
  if (value === 'yes' || value === 'true') return 'yes';
  if (value === 'no' || value === 'false' || value === 'off') return 'no';
  if (value === 'ask' || value === 'accept-new') return value;
  throw configError(line, `StrictHostKeyChecking must be yes, no, ask or accept-new, not "${line.args[0]}"`);
}

function parsePort(value: string, where: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new Error(`${where}: port must be 1-65535, not "${value}"`);
  return port;
}

/**
 * Settings that change how ssh reaches or logs in to a host and that Watchfloor does not apply, with what
 * differs and what to do instead: said, so that a host reached differently than with ssh is not a mystery.
 * Not GSSAPIAuthentication: distributions' system config turns it on for every host, and saying so for each
 * would bury the rest.
 */
function unappliedSettings(options: CollectedOptions): string[] {
  const notes: string[] = [];
  const value = (keyword: string) => options.values.get(keyword.toLowerCase())?.args[0].toLowerCase();
  const note = (keyword: string, text: string) =>
    notes.push(`${lineName(options, keyword.toLowerCase())}: ${keyword} ${text}`);
  if (value('CanonicalizePermittedCNAMEs') !== undefined)
    note(
      'CanonicalizePermittedCNAMEs',
      'is not applied: a canonicalized name is used as found, CNAMEs are not followed',
    );
  const pkcs11 = value('PKCS11Provider');
  if (pkcs11 !== undefined && pkcs11 !== 'none')
    note(
      'PKCS11Provider',
      'is not used: keys on a smartcard or token are offered through ssh-agent only (ssh-add -s)',
    );
  for (const keyword of ['BindAddress', 'BindInterface'])
    if (value(keyword) !== undefined)
      note(keyword, 'is not applied: connections leave from the default address');
  const untried = (listedAuthMethods(options) ?? []).filter((method) => !TRIED_AUTH_METHODS.has(method));
  if (untried.length > 0)
    note(
      'PreferredAuthentications',
      `lists ${untried.join(', ')}, which Watchfloor does not try (it tries publickey, keyboard-interactive and password)`,
    );
  if (value('KnownHostsCommand') !== undefined)
    note(
      'KnownHostsCommand',
      'is not run: host keys are checked against the known_hosts files only; add its keys to one of them',
    );
  const dns = value('VerifyHostKeyDNS');
  if (dns === 'yes' || dns === 'ask')
    note(
      'VerifyHostKeyDNS',
      'is not applied: host keys are checked against known_hosts only (SSHFP records are not read)',
    );
  return notes;
}

function algorithmSettings(options: CollectedOptions): AlgorithmSettings {
  const settings: AlgorithmSettings = {};
  for (const [kind, keyword] of Object.entries(ALGORITHM_KEYWORDS) as [AlgorithmKind, string][]) {
    const line = options.values.get(keyword.toLowerCase());
    if (line) settings[kind] = { keyword, spec: line.args.join(''), where: lineName(options, line.keyword) };
  }
  return settings;
}

function lineName(options: CollectedOptions, keyword: string): string {
  const line = options.values.get(keyword)!;
  return line.file ? `${line.file} line ${line.line}` : `the ${keyword} override`;
}

function overrideLine(keyword: string, value: string): ConfigLine {
  return { keyword, args: [value], raw: value, file: '', line: 0 };
}

function configError(line: ConfigLine, message: string): Error {
  return new Error(line.file ? `${line.file} line ${line.line}: ${message}` : message);
}

function pathError(line: ConfigLine | undefined, value: string, message: string): Error {
  const where = line?.file ? `${line.file} line ${line.line}: ` : '';
  return new Error(`${where}cannot expand "${value}": ${message}`);
}

/** The directives of a config file in order, with their line numbers. */
function configLines(text: string, file: string): ConfigLine[] {
  let parsed: SSHConfig;
  try {
    parsed = SSHConfig.parse(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  const lines: ConfigLine[] = [];
  let lineNumber = 1;
  const visit = (node: Line): void => {
    lineNumber += countNewlines(node.before);
    if (node.type === LineType.DIRECTIVE && node.param) {
      const args = typeof node.value === 'string' ? [node.value] : node.value.map(({ val }) => val);
      const raw =
        typeof node.value === 'string'
          ? node.value
          : node.value
              .map(({ val, quoted, separator }, i) => (i > 0 ? separator : '') + (quoted ? `"${val}"` : val))
              .join('');
      lines.push({ keyword: node.param.toLowerCase(), args, raw, file, line: lineNumber });
    }
    lineNumber += countNewlines(node.after);
    if ('config' in node) node.config.forEach(visit);
  };
  parsed.forEach(visit);
  return lines;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

function readFileIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`Cannot read ssh config file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function listDirectoryIfPresent(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}
