import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

export interface XtermHandlers {
  onInput(data: string): void;
  onResize(cols: number, rows: number): void;
  /** Receives the function that writes to the terminal; returns the detach function. */
  attach(write: (data: string) => void): () => void;
}

/**
 * Owns one xterm instance in an element: created on mount, fitted to its box, disposed on unmount.
 * Links are not auto-opened and OSC 52 clipboard writes are not enabled (no clipboard addon).
 */
export function useXterm(element: Ref<HTMLElement | null>, handlers: XtermHandlers) {
  let terminal: Terminal | null = null;
  let detach: (() => void) | null = null;
  let observer: ResizeObserver | null = null;

  onMounted(() => {
    if (!element.value) return;
    const styles = getComputedStyle(document.documentElement);
    terminal = new Terminal({
      fontFamily: styles.getPropertyValue('--mono') || 'monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: {
        background: styles.getPropertyValue('--bg').trim() || '#0f1115',
        foreground: styles.getPropertyValue('--text').trim() || '#d8dee9',
      },
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element.value);
    fit.fit();
    handlers.onResize(terminal.cols, terminal.rows);
    terminal.onData((data) => handlers.onInput(data));
    terminal.onResize(({ cols, rows }) => handlers.onResize(cols, rows));
    detach = handlers.attach((data) => terminal?.write(data));
    observer = new ResizeObserver(() => fit.fit());
    observer.observe(element.value);
    terminal.focus();
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    detach?.();
    terminal?.dispose();
    terminal = null;
  });
}
