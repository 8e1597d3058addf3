import { z } from 'zod';

/**
 * What the user set up on a dataset — the chosen features, their scaling and log columns, the k
 * range compared and the k chosen — saved with the dataset so it comes back when they return
 * (from the segments, after a restart, in browser mode after a reload).
 */
export const datasetSetupSchema = z
  .object({
    features: z.array(z.string().min(1).max(255)).max(500),
    scaling: z.enum(['standard', 'minmax', 'robust', 'none']),
    logFeatures: z.array(z.string().min(1).max(255)).max(500),
    kMin: z.number().int().min(2).max(50),
    kMax: z.number().int().min(2).max(50),
    k: z.number().int().min(2).max(50),
  })
  .strict();

export type DatasetSetup = z.output<typeof datasetSetupSchema>;
