import { ref, type Ref } from 'vue';

export interface SkimDetector {
  /** True while the view skims: it moved far between two frames, and has not rested for a frame since. */
  skimming: Ref<boolean>;
  /** The view's first row now (called on every scroll the operator makes). */
  moved(first: number): void;
  /** The view was placed, not skimmed (following, a new filter): it counts from here. */
  reset(first: number): void;
  dispose(): void;
}

/**
 * Tells skimming (a scrollbar dragged across a large window: the view lands many screens away every
 * frame) from scrolling. While it skims, a screen of rows drawn in one frame is replaced the next, so
 * they are not drawn at all; the first frame without a move ends it and the rows are drawn.
 */
export function skimDetector(
  farRows: () => number,
  requestFrame: (run: () => void) => number,
  cancelFrame: (handle: number) => void,
): SkimDetector {
  const skimming = ref(false);
  let last: number | null = null;
  let movedSinceFrame = false;
  let frame: number | null = null;

  function cancel(): void {
    if (frame !== null) cancelFrame(frame);
    frame = null;
  }

  function check(): void {
    frame = null;
    if (movedSinceFrame) {
      movedSinceFrame = false;
      frame = requestFrame(check);
    } else {
      skimming.value = false;
    }
  }

  return {
    skimming,
    moved(first) {
      const far = last !== null && Math.abs(first - last) > farRows();
      last = first;
      if (!far && !skimming.value) return;
      movedSinceFrame = true;
      skimming.value = true;
      if (frame === null) frame = requestFrame(check);
    },
    reset(first) {
      last = first;
      movedSinceFrame = false;
      skimming.value = false;
      cancel();
    },
    dispose: cancel,
  };
}
