/**
 * Opens a native `<dialog>` as a modal: the browser makes everything outside it inert (the focus trap)
 * and closes it on Escape. Falls back to the `open` attribute where `showModal` is missing (jsdom).
 */
export function openModal(dialog: HTMLDialogElement, focus?: HTMLElement): void {
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
