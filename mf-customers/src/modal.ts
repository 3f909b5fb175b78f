const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const trapped = new WeakSet<HTMLDialogElement>();

/** Keeps Tab and Shift+Tab inside the dialog (a modal `<dialog>` alone lets them leave to the browser's own controls). */
function trapTab(dialog: HTMLDialogElement, event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const tabbable = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => el.getClientRects().length > 0 || el === document.activeElement);
  if (tabbable.length === 0) return;
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Opens a native `<dialog>` as a modal (the browser makes everything outside it inert and closes it on
 * Escape), keeps Tab inside it and focuses `focus`. Falls back to the `open` attribute where
 * `showModal` is missing (jsdom).
 */
export function openModal(dialog: HTMLDialogElement, focus?: HTMLElement): void {
  if (!trapped.has(dialog)) {
    trapped.add(dialog);
    dialog.addEventListener('keydown', (event) => trapTab(dialog, event));
  }
  if (!dialog.open) {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }
  queueMicrotask(() => focus?.focus());
}

/** Closes a dialog opened with {@link openModal} and gives focus back to the element that opened it. */
export function closeModal(dialog: HTMLDialogElement, opener?: HTMLElement | null): void {
  if (typeof dialog.close === 'function') dialog.close();
  else dialog.removeAttribute('open');
  opener?.focus();
}
