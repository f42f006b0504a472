// Secrets that look real but are not: each appears in a line the way it would in a real log, with the rule
// expected to catch it. Tests plant them in logs and then search every byte written for them.

export interface Canary {
  rule: string;
  secret: string;
  line: string;
}

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAuCanaryQ2h2dE1xV0FkTlRLckZ1eFhYbW1xR3BlVlBqYm9z',
  'bHZ2R2JmTkx2cXZ5Z3N4ZkZ0UExCanaryTailKey0123456789abcdefABCDEFxy',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

const OPENSSH_CUT = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAACanaryOpenSshCutOffBeforeTheEndLine0000',
].join('\n');

export const CANARIES: Canary[] = [
  { rule: 'private-key', secret: 'MIIEowIBAAKCAQEAuCanary', line: `loaded key:\n${PEM}\nkey loaded` },
  { rule: 'private-key', secret: 'CanaryOpenSshCutOff', line: `dumping config\n${OPENSSH_CUT}` },
  {
    rule: 'aws-access-key-id',
    secret: 'AKIAQ3CANARY7EXAMPLE',
    line: 'boto: using credentials AKIAQ3CANARY7EXAMPLE from env',
  },
  {
    rule: 'aws-secret-access-key',
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1',
    line: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1',
  },
  {
    rule: 'github-token',
    secret: 'ghp_Canary0123456789abcdefghijklmnopqrstuv',
    line: 'git clone https://x:ghp_Canary0123456789abcdefghijklmnopqrstuv@github.example/repo.git failed',
  },
  {
    rule: 'github-token',
    secret: 'gho_Canary0123456789abcdefghijklmnopqrstuv',
    line: 'oauth exchange returned gho_Canary0123456789abcdefghijklmnopqrstuv',
  },
  {
    rule: 'github-token',
    secret: 'github_pat_11CANARY0aBcDeFgHiJkLmNo_PqRsTuVwXyZ0123456789',
    line: 'GH_TOKEN github_pat_11CANARY0aBcDeFgHiJkLmNo_PqRsTuVwXyZ0123456789 rejected',
  },
  {
    rule: 'gitlab-token',
    secret: 'glpat-Canary1234567890abcdEF',
    line: 'gitlab api with glpat-Canary1234567890abcdEF → 401',
  },
  {
    rule: 'slack-token',
    secret: 'xoxb-123456789012-1234567890123-CanaryAbCdEfGhIjKlMnOp',
    line: 'slack client init token xoxb-123456789012-1234567890123-CanaryAbCdEfGhIjKlMnOp',
  },
  {
    rule: 'slack-webhook',
    secret: 'T00CANARY/B00CANARY/XXXXcanaryXXXXXXXXXXXX',
    line: 'posting alert to https://hooks.slack.com/services/T00CANARY/B00CANARY/XXXXcanaryXXXXXXXXXXXX',
  },
  {
    rule: 'google-api-key',
    secret: 'AIzaSyCanary-0123456789abcdefghijklmnop',
    line: 'maps request key AIzaSyCanary-0123456789abcdefghijklmnop quota exceeded',
  },
  {
    rule: 'stripe-key',
    secret: 'sk_live_Canary0123456789abcdef',
    line: 'charge failed with key sk_live_Canary0123456789abcdef',
  },
  {
    rule: 'npm-token',
    secret: 'npm_Canary0123456789abcdefghijklmnopqrst',
    line: '//registry.npmjs.org/:_authToken=npm_Canary0123456789abcdefghijklmnopqrst',
  },
  {
    rule: 'jwt',
    secret: 'eyJzdWIiOiJjYW5hcnkiLCJuYW1lIjoiQ2FuYXJ5In0',
    line:
      'GET /api/orders Authorization: Bearer ' +
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW5hcnkiLCJuYW1lIjoiQ2FuYXJ5In0.c2lnbmF0dXJlQ2FuYXJ5',
  },
  {
    rule: 'bearer-token',
    secret: 'CanaryOpaqueBearer0123456789',
    line: 'upstream request headers: {Authorization: "Bearer CanaryOpaqueBearer0123456789"}',
  },
  {
    rule: 'basic-auth',
    secret: 'Y2FuYXJ5OnMzY3IzdFBhc3M=',
    line: '> Authorization: Basic Y2FuYXJ5OnMzY3IzdFBhc3M=',
  },
  {
    rule: 'authorization-header',
    secret: 'CanaryTok3nValue9876',
    line: 'proxy sent Proxy-Authorization: Token CanaryTok3nValue9876',
  },
  {
    rule: 'url-password',
    secret: 'CanaryUrlPassw0rd',
    line: 'connecting to postgres://checkout:CanaryUrlPassw0rd@db-1.internal:5432/shop',
  },
  {
    rule: 'url-password',
    secret: 'CanaryRedisPass',
    line: 'redis url redis://:CanaryRedisPass@cache-1:6379/0',
  },
  {
    rule: 'password-key-value',
    secret: 'hunter2canary',
    line: 'login attempt user=alice password=hunter2canary from 10.0.0.7',
  },
  {
    rule: 'password-key-value',
    secret: 'correct horse canary staple',
    line: '{"user":"bob","password": "correct horse canary staple","remember":true}',
  },
  {
    rule: 'password-key-value',
    secret: 'CanaryDbPwd',
    line: 'env: DB_PASSWORD=CanaryDbPwd MYSQL_HOST=db-1',
  },
  {
    rule: 'secret-key-value',
    secret: 'CanaryApiKey9f86d081884c7d65',
    line: 'GET /v1/rates?api_key=CanaryApiKey9f86d081884c7d65&currency=EUR 200',
  },
  {
    rule: 'secret-key-value',
    secret: 'Canary0ClientSecret1xYz2',
    line: 'oauth config {"client_id": "checkout", "client_secret": "Canary0ClientSecret1xYz2"}',
  },
  {
    rule: 'secret-key-value',
    secret: 'c4n4ry-refresh-7f3a9b2e1d',
    line: 'refreshing session refresh_token=c4n4ry-refresh-7f3a9b2e1d expires_in=3600',
  },
];
