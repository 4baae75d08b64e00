export declare const APP_USER: string;
export declare const APP_PASSWORD: string;
export declare function freePort(): Promise<number>;
export interface Cluster {
  dir: string;
  pgPort: number;
  ports: Record<string, number>;
  stop(): void;
  resetPool(name: string): Promise<void>;
}
export declare function startCluster(bouncers: { name: string; mode: 'transaction' | 'session'; pool: number }[], opts?: { tlsOnly?: boolean }): Promise<Cluster>;
