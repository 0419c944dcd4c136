// A small HTTP bridge on 127.0.0.1 that lets integration tests (running inside the extension
// host) act on the real workbench page held by the harness: click, type and read inside webview
// frames, and take screenshots. The extension host cannot reach the browser otherwise.
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Finds the first frame (workbench or any webview) in which `selector` matches. */
async function frameWith(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        /* frame navigated away */
      }
    }
    if (Date.now() > deadline) throw new Error(`no frame has ${selector} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const operations = {
  async waitFor(page, a) {
    await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    return true;
  },
  async click(page, a) {
    const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    await f.click(a.selector);
    return true;
  },
  async fill(page, a) {
    const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    await f.fill(a.selector, a.text);
    return true;
  },
  async press(page, a) {
    if (a.selector) {
      const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
      await f.press(a.selector, a.key);
    } else await page.keyboard.press(a.key);
    return true;
  },
  async text(page, a) {
    const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    return f.$eval(a.selector, (el) => el.textContent ?? '');
  },
  async count(page, a) {
    let best = 0;
    for (const frame of page.frames()) {
      try {
        best = Math.max(best, (await frame.$$(a.selector)).length);
      } catch {
        /* ignore */
      }
    }
    return best;
  },
  async drag(page, a) {
    // From and to are fractions of the element's box; the box is in page coordinates even inside a webview frame.
    const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    const box = await (await f.$(a.selector)).boundingBox();
    if (!box) throw new Error(`${a.selector} is not visible`);
    const at = ([x, y]) => [box.x + box.width * x, box.y + box.height * y];
    await page.mouse.move(...at(a.from));
    await page.mouse.down();
    await page.mouse.move(...at(a.to), { steps: a.steps ?? 12 });
    await page.mouse.up();
    return box;
  },
  async evaluate(page, a) {
    const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
    // The expression is test code from this repository, evaluated in the webview's page.
    return f.evaluate(a.expression);
  },
  async screenshot(page, a, ctx) {
    mkdirSync(ctx.artifacts, { recursive: true });
    const path = join(ctx.artifacts, `${String(a.name).replace(/[^a-z0-9-]/gi, '_')}.png`);
    if (a.selector) {
      const f = await frameWith(page, a.selector, a.timeoutMs ?? 10000);
      await (await f.$(a.selector)).screenshot({ path });
    } else {
      await page.screenshot({ path });
    }
    return path;
  },
};

/** Starts the bridge; `setPage` hands it the workbench page once the browser is up. */
export async function startBrowserDriver({ artifacts }) {
  let page;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const action = JSON.parse(body);
      const op = operations[action.op];
      if (!op) throw new Error(`unknown driver operation ${action.op}`);
      if (!page) throw new Error('the workbench page is not open yet');
      const value = await op(page, action, { artifacts });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value }));
    } catch (err) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: String(err?.message ?? err) }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    setPage(p) {
      page = p;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
