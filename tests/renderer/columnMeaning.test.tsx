import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ColumnMeaningFields } from '../../renderer/src/components/ColumnMeaning';

afterEach(cleanup);

function row(onChange: (change: { label: string; meaning: string }) => void, numeric = true) {
  render(
    <table>
      <tbody>
        <tr>
          <ColumnMeaningFields
            column="Kidhome"
            label="Small children at home"
            meaning="children"
            numeric={numeric}
            onChange={onChange}
          />
        </tr>
      </tbody>
    </table>,
  );
}

describe("a column's label and meaning", () => {
  it('saves a new label when the box loses focus, trimmed; a blank label goes back to the old one', () => {
    const onChange = vi.fn();
    row(onChange);
    const label = screen.getByRole('textbox', { name: 'Label of Kidhome' }) as HTMLInputElement;
    fireEvent.change(label, { target: { value: '  Kids  ' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(label);
    expect(onChange).toHaveBeenCalledWith({ label: 'Kids', meaning: 'children' });
    fireEvent.change(label, { target: { value: '   ' } });
    fireEvent.blur(label);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(label.value).toBe('Small children at home');
  });

  it('saves a meaning as soon as it is chosen, "none" included; a category has no meaning to choose', () => {
    const onChange = vi.fn();
    row(onChange);
    const meaning = screen.getByRole('combobox', { name: 'Meaning of Kidhome' }) as HTMLSelectElement;
    expect(meaning.value).toBe('children');
    fireEvent.change(meaning, { target: { value: 'none' } });
    expect(onChange).toHaveBeenLastCalledWith({ label: 'Small children at home', meaning: 'none' });
    cleanup();
    row(vi.fn(), false);
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
