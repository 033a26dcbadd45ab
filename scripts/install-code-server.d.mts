// Types of install-code-server.mjs for the TypeScript that imports it (test/vscode/harness.ts).
export declare const CODE_SERVER_VERSION: string;
export declare const installDir: string;
export declare const serveFlags: readonly string[];
export declare function codeServerBin(): string;
export declare function isInstalled(): { ok: true } | { ok: false; why: string };
export declare function install(options?: { force?: boolean }): void;
