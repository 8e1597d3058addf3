import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { AssignFile } from '../../renderer/src/components/AssignFile';
import type { ModelSummary } from '../../shared/domain';
import { fakeClient, renderWith } from './fakeClient';

afterEach(cleanup);
beforeEach(() => {
  // The CSV is handed to the browser's download (a blob link), which jsdom does not have.
  URL.createObjectURL = vi.fn(() => 'blob:assigned');
  URL.revokeObjectURL = vi.fn();
  HTMLAnchorElement.prototype.click = vi.fn();
});

const model = {
  id: 7,
  name: 'Two',
  k: 2,
  features: ['income'],
  recipe: null,
  segments: [{ name: 'Big' }, { name: 'Small' }],
} as unknown as ModelSummary;

const assigned = { fileName: 'new - segments.csv', csv: 'id,segment\r\n', rows: 3, sizes: [2, 1], leftOut: 0 };

describe('assigning a file of new customers', () => {
  it('in the desktop app, opens the system dialog and sends the file by its token (read from disk), never its bytes', async () => {
    const { client, calls } = fakeClient({
      chooseImportFile: () => Promise.resolve({ fileName: 'new.csv', fileToken: 'token-1', size: 5_000_000_000 }),
      assignFile: () => Promise.resolve(assigned),
    });
    renderWith({ ...client, mode: 'desktop' }, <AssignFile model={model} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign a file of new customers…' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('3 customers assigned: Big 2 · Small 1'),
    );
    const call = calls.find((c) => c.name === 'assignFile')?.args as Record<string, unknown>;
    expect(call).toMatchObject({ modelId: 7, fileName: 'new.csv', fileToken: 'token-1' });
    expect(call).not.toHaveProperty('contentBase64');
  });

  it('does nothing when the dialog is closed without a file, and shows why when it cannot open', async () => {
    const { client, calls } = fakeClient({ chooseImportFile: () => Promise.resolve(null) });
    renderWith({ ...client, mode: 'desktop' }, <AssignFile model={model} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign a file of new customers…' }));
    await waitFor(() => expect(calls.map((c) => c.name)).toEqual(['chooseImportFile']));
    expect(screen.queryByRole('status')).toBeNull();
    cleanup();
    const failing = fakeClient({
      chooseImportFile: () => Promise.reject(new Error('The dialog could not open.')),
    });
    renderWith({ ...failing.client, mode: 'desktop' }, <AssignFile model={model} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign a file of new customers…' }));
    await screen.findByText('The dialog could not open.', { exact: false });
    expect(failing.calls.map((c) => c.name)).toEqual(['chooseImportFile']);
  });

  it('in the browser, takes the file from the page and sends its bytes', async () => {
    const { client, calls } = fakeClient({ assignFile: () => Promise.resolve(assigned) });
    renderWith(client, <AssignFile model={model} />);
    const input = screen.getByLabelText('Assign a file of new customers') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['id,income\nA,1\n'], 'new.csv', { type: 'text/csv' })] } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('3 customers assigned'));
    const call = calls.find((c) => c.name === 'assignFile')?.args as Record<string, unknown>;
    expect(call).toMatchObject({ modelId: 7, fileName: 'new.csv' });
    expect(typeof call.contentBase64).toBe('string');
    expect(call).not.toHaveProperty('fileToken');
  });
});
