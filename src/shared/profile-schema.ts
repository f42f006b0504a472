import { z } from 'zod';
import { isLogFormatName, isTimeZoneSpec, LOG_FORMAT_NAMES } from './log-source-fields';
import { scalingPolicySchema } from './scaling-schema';

// A profile says where to look (environments, hosts, applications, log files), never how to log in:
// credentials come from the operator's agent, keys and keychain.

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Free text: shown, compared and looked up, never run; control characters would forge lines in messages. */
const text = z.string().refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

const name = text.min(1, 'must not be empty').max(128, 'must be at most 128 characters');

/** A host name, alias from ~/.ssh/config, IPv4 or IPv6 address. Never starts with '-' (it would read as an option). */
const hostAddress = z
  .string()
  .min(1, 'must not be empty')
  .max(253)
  .refine((s) => !s.includes('@') && !s.includes('://'), {
    message:
      "is a host name or address only: give the user and port as the host's own `user` and `port` fields",
    abort: true,
  })
  // `web-1:2222`, `10.0.0.5:22` and `[::1]:2222` carry a port; IPv6 addresses have two colons or more.
  .refine((s) => !/^[^:]+:\d+$/.test(s) && !/^\[.*\]:\d+$/.test(s), {
    message: "is a host name or address only: give the port as the host's own `port` field",
    abort: true,
  })
  .regex(/^[A-Za-z0-9_.:%[\]-]+$/, 'may contain only letters, digits and . _ - : [ ] %')
  .refine((s) => !s.startsWith('-'), 'must not start with "-"');

const userName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/, 'must be a plain user name (letters, digits, _ . -)')
  .max(64);

const absolutePath = z
  .string()
  .max(4096)
  .refine((s) => s.startsWith('/'), 'must be an absolute path (starting with "/")')
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

/** "[user@]host[:port]" hops, comma-separated, as in OpenSSH's ProxyJump. */
const jumpSpec = z
  .string()
  .regex(
    /^([A-Za-z_][A-Za-z0-9_.-]*@)?[A-Za-z0-9_.:%[\]-]+(,([A-Za-z_][A-Za-z0-9_.-]*@)?[A-Za-z0-9_.:%[\]-]+)*$/,
    'must be "[user@]host[:port]", several hops separated by commas',
  )
  .refine((s) => !s.split(',').some((hop) => hop.replace(/^[^@]*@/, '').startsWith('-')), {
    message: 'a hop must not start with "-"',
  });

/** Perl regex constructs that would run code; the host's perl refuses them anyway, and then follows nothing. */
const CODE_BLOCK = /\((\?\??|\*)\{/;

const pattern = z
  .string()
  .min(1)
  .max(1024)
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
  .refine(
    (s) => !CODE_BLOCK.test(s),
    'must not contain a code block such as (?{ … }), (??{ … }) or (*{ … }): patterns only match text',
  );

export const hostSchema = z.strictObject({
  name,
  address: hostAddress,
  port: z.number().int().min(1).max(65535).optional(),
  user: userName.optional(),
  jump: jumpSpec.optional(),
});

export const logSourceSchema = z.strictObject({
  path: absolutePath,
  format: text
    .min(1)
    .max(64)
    .refine(isLogFormatName, `is not a format: use auto or one of ${LOG_FORMAT_NAMES.join(', ')}`)
    .default('auto'),
  /**
   * IANA zone ("Europe/Paris") or offset ("+0200") for stamps without one; default: the host's own, by name
   * (TZ, /etc/localtime, /etc/timezone) where it has one, else its `date +%z`.
   */
  timezone: text
    .max(64)
    .refine(
      isTimeZoneSpec,
      'is not a timezone: use an IANA name such as Europe/Paris, or an offset such as +0200',
    )
    .optional(),
  /** Regular expressions (Perl syntax) applied on the host, so only matching lines cross the network. */
  include: z.array(pattern).optional(),
  exclude: z.array(pattern).optional(),
  /** Read the file through `sudo -n` (non-interactive: never prompts). */
  sudo: z.boolean().optional(),
});

/** Assignments that would put a secret on a command line (and in every process listing of the host). */
const SECRET_IN_COMMAND = /(pass(word|wd)?|token|secret|api[-_]?key|authorization)\s*[=:]|bearer\s+\S/i;

/** A command run on the application's first live host; it prints `name value` lines, one per metric. */
export const metricCommandSchema = z.strictObject({
  command: z
    .string()
    .min(1)
    .max(4096)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters (one line of shell)')
    .refine(
      (s) => !SECRET_IN_COMMAND.test(s),
      'must not contain a secret: read it on the host instead (a file only its user can read)',
    ),
  intervalSec: z.number().min(1).max(3600).default(10),
});

export const applicationSchema = z.strictObject({
  name,
  hosts: z.array(name).min(1, 'must list at least one host'),
  logs: z.array(logSourceSchema).min(1, 'must list at least one log'),
  /** How the application scales and through which action plugin (optional). */
  scaling: scalingPolicySchema.optional(),
  /** Extra series from a command on the host (optional). */
  metrics: metricCommandSchema.optional(),
});

export const environmentSchema = z
  .strictObject({
    name,
    hosts: z.array(hostSchema).min(1, 'must list at least one host'),
    applications: z.array(applicationSchema).default([]),
  })
  .superRefine((env, ctx) => {
    const known = new Set<string>();
    env.hosts.forEach((host, i) => {
      if (known.has(host.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'name'],
          message: `duplicate host "${host.name}"`,
        });
      }
      known.add(host.name);
    });
    env.applications.forEach((app, a) =>
      app.hosts.forEach((hostName, h) => {
        if (!known.has(hostName)) {
          ctx.addIssue({
            code: 'custom',
            path: ['applications', a, 'hosts', h],
            message: `names host "${hostName}", which is not in environment "${env.name}"`,
          });
        }
      }),
    );
  });

/** A profile's own secret patterns, added to the built-in ones when a snapshot redacts its lines. */
export const redactionRuleSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and "-"'),
  /** A JavaScript regular expression; a named group `secret` limits the replacement to that part. */
  pattern: z
    .string()
    .min(1)
    .max(2048)
    .refine((s) => {
      try {
        new RegExp(s, 'd');
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression'),
  ignoreCase: z.boolean().optional(),
  /** Substrings every match contains; lines without one skip the pattern. Without hints it runs on every line. */
  hints: z.array(z.string().min(1).max(64)).max(32).optional(),
});

export const redactionSchema = z.strictObject({
  rules: z.array(redactionRuleSchema).max(64).default([]),
});

export const profileSchema = z.strictObject({
  name,
  environments: z.array(environmentSchema).min(1, 'must list at least one environment'),
  redaction: redactionSchema.optional(),
});

export type Profile = z.infer<typeof profileSchema>;
export type ProfileEnvironment = z.infer<typeof environmentSchema>;
export type ProfileApplication = z.infer<typeof applicationSchema>;
export type ProfileHost = z.infer<typeof hostSchema>;
export type ProfileLogSource = z.infer<typeof logSourceSchema>;
export type ProfileMetricCommand = z.infer<typeof metricCommandSchema>;
export type ProfileRedactionRule = z.infer<typeof redactionRuleSchema>;

/** Keys that would hold a secret. A profile is shared and committed; secrets belong in the keychain or agent. */
export const SECRET_KEY_PATTERN =
  /pass(word|phrase|wd)?$|^pw$|token|secret|private[-_]?key|api[-_]?key|credential/i;
