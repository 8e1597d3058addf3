/**
 * The bridge: one function per API call, derived from the shared list of names (no channel
 * strings written by hand, no generic invoke), plus a subscription to app events.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type DesktopBridge } from '../../shared/api/names';
import type { AppEvent } from '../../shared/domain';

const calls = Object.fromEntries(
  callNames.map((name) => [name, (args: unknown) => ipcRenderer.invoke(ipcChannel(name), args)]),
) as DesktopBridge['calls'];

const bridge = {
  calls,
  onEvent(listener: (event: AppEvent) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('segmentStudio', bridge);
