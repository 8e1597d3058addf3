import { describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/services/appService';
import { openDatabase } from '../../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import { workerEntry } from '../helpers/built';

describe('renderer error reports', () => {
  it('are logged as one escaped line: a newline in the message cannot forge a log line', async () => {
    const lines: string[] = [];
    const service = createAppService({
      db: openDatabase(':memory:'),
      jobs: new JobRunner(nodeWorkerFactory(workerEntry)),
      mode: 'cli',
      version: 'test',
      log: (_level, message) => lines.push(message),
    });
    const result = await service.dispatch('reportError', {
      message: 'boom\n2026-11-30 [info] admin logged in\r\u2028x',
      stack: 'at a\nat b',
      where: 'page\nforged',
    });
    expect(result.ok).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\n\r\u2028]/);
    expect(lines[0]).toContain('boom\\n2026-11-30 [info] admin logged in');
  });
});
