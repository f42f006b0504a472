import { describe, expect, it } from 'vitest';
import { fitToDisplays, parseWindowState } from '../../../src/main/window-bounds';

const LIMITS = { width: 1440, height: 900, minWidth: 900, minHeight: 560 };
const LAPTOP = { x: 0, y: 0, width: 1920, height: 1050 };
const RIGHT_MONITOR = { x: 1920, y: 0, width: 2560, height: 1410 };

describe('parseWindowState', () => {
  it('reads what was saved and falls back to the defaults for anything else', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1200,"height":800,"maximized":true}', LIMITS)).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: true,
    });
    for (const raw of [null, '', 'nonsense', '[]', '{"x":"1","width":null}']) {
      expect(parseWindowState(raw, LIMITS)).toEqual({ width: 1440, height: 900, maximized: false });
    }
  });
});

describe('fitToDisplays', () => {
  it('keeps a window that is where it was on a connected display', () => {
    const state = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(fitToDisplays(state, [LAPTOP, RIGHT_MONITOR], LIMITS)).toEqual(state);
  });

  it('lets the system place a window whose display is gone, and shrinks it to the biggest one left', () => {
    const state = { x: 2000, y: 100, width: 2400, height: 1300, maximized: true };
    expect(fitToDisplays(state, [LAPTOP], LIMITS)).toEqual({ width: 1920, height: 1050, maximized: true });
  });

  it('moves a window whose title bar is off the top or barely on screen', () => {
    expect(
      fitToDisplays({ x: 100, y: -300, width: 1000, height: 700, maximized: false }, [LAPTOP], LIMITS),
    ).toEqual({ width: 1000, height: 700, maximized: false });
    expect(
      fitToDisplays({ x: 1880, y: 100, width: 1000, height: 700, maximized: false }, [LAPTOP], LIMITS).x,
    ).toBe(undefined);
  });

  it('never goes below the minimum size', () => {
    expect(fitToDisplays({ width: 200, height: 100, maximized: false }, [LAPTOP], LIMITS)).toEqual({
      width: 900,
      height: 560,
      maximized: false,
    });
  });
});
