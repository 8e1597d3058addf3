import { useEffect, useRef, type ReactNode } from 'react';
import styles from './Modal.module.css';

/**
 * A modal dialog on the platform's own <dialog>, opened with showModal(): the page behind is inert
 * (focus stays inside, screen readers see only the dialog), Esc asks to close, focus returns to
 * where it was. No library does this better than the browser now does; React Aria's and Radix's
 * dialogs re-create the same by hand.
 */
export function Modal({
  labelledBy,
  onClose,
  canClose = true,
  wide = false,
  children,
}: {
  /** The id of the dialog's heading (its accessible name). */
  labelledBy: string;
  onClose: () => void;
  /** False while a task runs that closing would abandon (Esc then does nothing). */
  canClose?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const before = document.activeElement as HTMLElement | null;
    if (typeof element.showModal === 'function' && !element.open) element.showModal();
    else element.setAttribute('open', '');
    return () => {
      if (element.open) element.close?.();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className={wide ? `${styles.modal} ${styles.modalWide}` : styles.modal}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        // Esc: the dialog closes only through onClose, so React's state and the page agree.
        event.preventDefault();
        if (canClose) onClose();
      }}
    >
      {children}
    </dialog>
  );
}
