import { createContext, useContext } from 'react';
import type { LiveState } from './console-events';

export const LiveContext = createContext<LiveState>('connecting');
export const useLiveState = (): LiveState => useContext(LiveContext);
