import { config } from 'zod';

// The page's CSP forbids eval. Zod probes for it (new Function) when its first object schema is made,
// and the probe is reported as a CSP violation: turn the probe off before any schema exists. Imported
// first by main.ts, so it runs before the contract's schemas are made.
config({ jitless: true });
