// The one icon button of the page: a @vscode-elements button with a codicon before its label.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import { icon } from './dom';

export interface IconButtonOptions {
  /** Secondary (grey) rather than primary. */
  secondary?: boolean;
  /** Tooltip. */
  title?: string;
  id?: string;
}

/** A button with a codicon and a label; clicks while disabled do nothing. */
export function iconButton(label: string, codicon: string, onClick: () => void, opts: IconButtonOptions = {}): VscodeButton {
  const b = document.createElement('vscode-button');
  b.secondary = opts.secondary ?? false;
  const i = icon(codicon, 'btn-icon');
  i.setAttribute('slot', 'content-before');
  b.append(i, label);
  if (opts.title) b.title = opts.title;
  if (opts.id) b.id = opts.id;
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}
