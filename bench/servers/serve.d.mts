export interface StartedApp {
  port: number;
  stop(): Promise<void>;
}
export declare function serveRpc(handlers: Record<string, (params: any) => unknown>): void;
export declare function serveApp(start: (settings: any) => Promise<StartedApp>): void;
