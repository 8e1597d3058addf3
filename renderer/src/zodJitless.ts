/**
 * Zod never tries eval: its JIT would probe `new Function`, which the CSP refuses (with a console
 * error). Imported first by main.tsx, so it runs before any module makes or checks a schema.
 */
import { config } from 'zod';

config({ jitless: true });
