import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageBar } from './usage-bar';

afterEach(cleanup);

describe(UsageBar.name, () => {
  it('names the numbers and shows them on hover and on keyboard focus', () => {
    render(() => <UsageBar total={20} assigned={15} used={12} label="12 used, 15 assigned, 5 available of 20" />);
    const bar = screen.getByRole('img', { name: '12 used, 15 assigned, 5 available of 20' });
    expect(bar.getAttribute('tabindex')).toBe('0');
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.focusIn(bar);
    expect(screen.getByRole('tooltip').textContent).toBe('12 used, 15 assigned, 5 available of 20');
    fireEvent.keyDown(bar, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.mouseEnter(bar.parentElement!);
    expect(screen.getByRole('tooltip')).toBeTruthy();
    fireEvent.mouseLeave(bar.parentElement!);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});
