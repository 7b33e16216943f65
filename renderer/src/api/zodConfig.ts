import { z } from 'zod';

// The page's CSP has no 'unsafe-eval'. Without this, zod probes `new Function` on first use,
// which the browser reports as a CSP violation even though zod catches it.
z.config({ jitless: true });
