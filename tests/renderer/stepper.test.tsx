import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Stepper } from '../../renderer/src/components/Stepper';

afterEach(cleanup);

describe('the stepper', () => {
  it('marks the current step and the ones done, goes where it is told, and says why a step is closed', () => {
    const go = vi.fn();
    render(
      <Stepper
        current="features"
        done={{ data: true, explore: true }}
        go={go}
        unavailable={{ segments: 'Train a model first (step 4)' }}
        note="Start here."
      />,
    );
    const steps = screen.getByRole('navigation', { name: 'Steps of the work' });
    const buttons = Array.from(steps.querySelectorAll('button'));
    expect(buttons.map((b) => b.textContent)).toEqual([
      '✓Data (done)',
      '✓Explore (done)',
      '3Features',
      '4How many segments',
      '5Segments',
      '6Report & share',
    ]);
    expect(screen.getByRole('button', { name: /Features/ }).getAttribute('aria-current')).toBe('step');
    const closed = screen.getByRole('button', { name: 'Segments' }) as HTMLButtonElement;
    expect(closed.disabled).toBe(true);
    expect(closed.title).toBe('Train a model first (step 4)');
    fireEvent.click(screen.getByRole('button', { name: /How many segments/ }));
    expect(go).toHaveBeenCalledWith('k');
    expect(screen.getByText(/^Step 3 of 6: Tick the columns/)).toBeTruthy();
    expect(screen.getByText('Start here.')).toBeTruthy();
  });
});

describe('the time left of a long task', () => {
  it('is given once it can be told, and never twice', async () => {
    const { timeLeftText } = await import('../../renderer/src/components/JobProgress');
    expect(timeLeftText(0.5, 10_000, 'Reading')).toBe('about 10 s left');
    expect(timeLeftText(0.02, 10_000, 'Reading')).toBeNull();
    expect(timeLeftText(0.5, 1000, 'Reading')).toBeNull();
    expect(timeLeftText(null, 10_000, 'Reading')).toBeNull();
    expect(timeLeftText(0.1, 60_000, 'Reading')).toBe('about 9 min left');
    expect(timeLeftText(0.5, 10_000, 'k = 5: start 2 of 10 · about 12 s left')).toBeNull();
  });
});
