// The schedule stage: a dependency graph run with a concurrency limit. A node starts as soon as
// every node it waits for has finished (however it finished: the node's own work decides what a
// failed input means), never more than `limit` at once, in the order given among the ready ones.
// Cancelling stops new nodes from starting; the ones running finish or honour the signal themselves.

/** One piece of work and the keys it waits for (keys not in the graph are ignored). */
export interface GraphNode {
  key: string;
  after: readonly string[];
}

/** Runs `work` for every node once its inputs are done; resolves when all started work has ended. */
export async function runGraph(
  nodes: readonly GraphNode[],
  limit: number,
  work: (key: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const keys = new Set(nodes.map((n) => n.key));
  const waitingFor = new Map<string, number>();
  const users = new Map<string, string[]>();
  for (const node of nodes) {
    const inputs = [...new Set(node.after)].filter((k) => keys.has(k) && k !== node.key);
    waitingFor.set(node.key, inputs.length);
    for (const input of inputs) (users.get(input) ?? users.set(input, []).get(input)!).push(node.key);
  }
  const order = new Map(nodes.map((n, i) => [n.key, i]));
  const ready = nodes.filter((n) => waitingFor.get(n.key) === 0).map((n) => n.key);
  let running = 0;
  return new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (running < Math.max(1, limit) && ready.length && !signal?.aborted) {
        const key = ready.shift()!;
        running++;
        work(key).then(
          () => finish(key),
          (e: unknown) => reject(e),
        );
      }
      if (running === 0) resolve();
    };
    const finish = (key: string): void => {
      running--;
      for (const user of users.get(key) ?? []) {
        const left = (waitingFor.get(user) ?? 1) - 1;
        waitingFor.set(user, left);
        if (left === 0) insertInOrder(ready, user, order);
      }
      pump();
    };
    pump();
  });
}

// Ready nodes start in the order they were given (the manifest's), whatever order their inputs ended in.
function insertInOrder(ready: string[], key: string, order: Map<string, number>): void {
  const rank = order.get(key) ?? 0;
  const at = ready.findIndex((k) => (order.get(k) ?? 0) > rank);
  if (at < 0) ready.push(key);
  else ready.splice(at, 0, key);
}
