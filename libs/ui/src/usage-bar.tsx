import { createSignal, createUniqueId, Show, splitProps } from 'solid-js';

export interface UsageBarProps {
  total: number;
  assigned: number;
  used: number;
  /** Translated one-line summary with every number, e.g. "12 used, 15 assigned, 5 available of 20". */
  label: string;
}

const track = { display: 'flex', width: '8rem', height: '0.75rem', 'border-radius': '4px', overflow: 'hidden', background: '#e3e6ea', outline: '1px solid #8a9099' };

/**
 * The used / assigned / available licence bar. Focusable; hovering or focusing it shows the numbers
 * in a tooltip, which is also its accessible description. Over-assignment fills the bar and is in
 * the label.
 */
export function UsageBar(props: UsageBarProps) {
  const [local] = splitProps(props, ['total', 'assigned', 'used', 'label']);
  const [open, setOpen] = createSignal(false);
  const id = createUniqueId();
  const scale = () => Math.max(local.total, local.assigned, 1);
  const width = (n: number) => `${(Math.max(0, n) * 100) / scale()}%`;
  return (
    <span
      class="ph-usage-bar"
      style={{ position: 'relative', display: 'inline-block' }}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocusIn={() => setOpen(true)}
      onFocusOut={() => setOpen(false)}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      <span tabindex="0" role="img" aria-label={local.label} style={track}>
        <span style={{ width: width(local.used), background: 'var(--ph-color-chart-1, #0b5cad)' }} />
        <span style={{ width: width(Math.min(local.assigned, scale()) - local.used), background: 'var(--ph-color-chart-2, #5b9bd5)' }} />
      </span>
      <Show when={open()}>
        <span
          id={id}
          role="tooltip"
          style={{ position: 'absolute', left: 0, top: '1.25rem', 'z-index': 10, background: '#1f2328', color: '#fff', padding: '0.25rem 0.5rem', 'border-radius': '4px', 'white-space': 'nowrap', 'font-size': '0.85rem' }}
        >
          {local.label}
        </span>
      </Show>
    </span>
  );
}
