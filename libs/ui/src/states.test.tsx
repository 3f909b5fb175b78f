import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Loadable } from './states';

afterEach(cleanup);

describe(Loadable.name, () => {
  const setup = (emptyMessage?: string) => {
    const [value, setValue] = createSignal<string[] | null>(null);
    const [error, setError] = createSignal<string | null>(null);
    const onRetry = vi.fn();
    render(() => (
      <Loadable
        value={value()}
        error={error()}
        loadingLabel="Loading rows"
        errorMessage={(code) => `Failed: ${code}`}
        retryLabel="Try again"
        onRetry={onRetry}
        emptyMessage={emptyMessage}
      >
        {(rows) => <ul>{rows().map((row) => <li>{row}</li>)}</ul>}
      </Loadable>
    ));
    return { setValue, setError, onRetry };
  };

  it('says it is loading, then shows the value', () => {
    const { setValue } = setup('Nothing here');
    expect(screen.getByRole('status').textContent).toContain('Loading rows');
    setValue(['a', 'b']);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a', 'b']);
  });

  it('shows a failed load as an alert whose Retry calls back', () => {
    const { setError, onRetry } = setup();
    setError('INTERNAL');
    expect(screen.getByRole('alert').textContent).toContain('Failed: INTERNAL');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state for an empty array only when given an empty message', () => {
    const { setValue } = setup('Nothing here');
    setValue([]);
    expect(screen.getByText('Nothing here')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
    cleanup();
    const other = setup();
    other.setValue([]);
    expect(screen.queryByText('Nothing here')).toBeNull();
    expect(screen.getByRole('list')).toBeTruthy();
  });
});
