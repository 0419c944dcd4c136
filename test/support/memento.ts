// In-memory stand-ins for the extension context's Memento and SecretStorage (as in
// vscode-pull-request-github's InMemoryMemento), for tests that build a host object by hand.
// Shaped like vscode's interfaces without importing vscode, so test/support stays plain Node.

/** A Memento that keeps its values in a Map. */
export class InMemoryMemento {
  private readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  async update(key: string, value: unknown): Promise<void> {
    // As vscode's: storing undefined removes the key.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

type Listener<E> = (event: E) => unknown;

/** A SecretStorage that keeps its secrets in a Map and fires onDidChange like vscode's. */
export class InMemorySecretStorage {
  private readonly secrets = new Map<string, string>();
  private readonly listeners = new Set<Listener<{ key: string }>>();

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.secrets.set(key, value);
  }

  readonly onDidChange = (listener: Listener<{ key: string }>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async keys(): Promise<string[]> {
    return [...this.secrets.keys()];
  }

  async store(key: string, value: string): Promise<void> {
    this.secrets.set(key, value);
    this.fire(key);
  }

  async delete(key: string): Promise<void> {
    if (this.secrets.delete(key)) this.fire(key);
  }

  private fire(key: string): void {
    for (const listener of this.listeners) listener({ key });
  }
}
