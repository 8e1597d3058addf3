import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const rectangle = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});
const schema = z.object({ bounds: rectangle, maximized: z.boolean() });

export const DEFAULT_SIZE = { width: 1280, height: 860 };

/** How much of `a` lies inside `b`, in pixels². */
function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The window's last size and position, if the file holds a valid one that is still mostly on a
 * screen (a monitor may have been unplugged); otherwise null, and the window opens centred.
 * The result is shrunk to fit the screen it is on.
 */
export function restoreWindowState(file: string, workAreas: Rectangle[]): WindowState | null {
  let parsed: WindowState;
  try {
    const result = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  const { bounds } = parsed;
  const screen = workAreas
    .map((area) => ({ area, shared: overlap(bounds, area) }))
    .sort((a, b) => b.shared - a.shared)[0];
  if (!screen || screen.shared < 0.5 * bounds.width * bounds.height) return null;
  const width = Math.min(bounds.width, screen.area.width);
  const height = Math.min(bounds.height, screen.area.height);
  const x = Math.min(Math.max(bounds.x, screen.area.x), screen.area.x + screen.area.width - width);
  const y = Math.min(Math.max(bounds.y, screen.area.y), screen.area.y + screen.area.height - height);
  return { bounds: { x, y, width, height }, maximized: parsed.maximized };
}

export function saveWindowState(file: string, state: WindowState): void {
  const bounds = {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.round(state.bounds.width),
    height: Math.round(state.bounds.height),
  };
  try {
    writeFileSync(file, JSON.stringify({ bounds, maximized: state.maximized }));
  } catch {
    // Not being able to remember the window's place is not worth an error.
  }
}
