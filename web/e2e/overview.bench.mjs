// How long a large network's overview takes to open in the dashboard, in
// Debian's Chromium driven by playwright-core: a fresh `netvet serve` over a
// fresh workspace; an operator uploads the network (a CSV pair, with curl, as
// a script would); then the overview is opened in the browser right after
// the upload, opened again, and opened once more after the server restarted.
// "Open" is the navigation to the overview until its vendor-share chart and
// its site map are drawn.
//
// Usage: node e2e/overview.bench.mjs --netvet BIN --web-dir DIR --source SRC --network DIR [--runs N]
// Prints one JSON object of figures (milliseconds).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const netvet = resolve(args.netvet ?? "netvet");
const webDir = resolve(args["web-dir"]);
const source = resolve(args.source);
const network = resolve(args.network);
const runs = Number(args.runs ?? 3);
const env = { ...process.env, NETVET_POLICY_DIR: join(source, "policies") };
const person = { name: "measurer", org: "Bench Operator", password: "a-large-overview-opens-quickly-7" };

function admin(work, ...a) {
  return execFileSync(netvet, ["admin", ...a, "--workspace", join(work, "ws.db")], {
    env,
    input: a[0] === "set-password" ? person.password + "\n" : undefined,
    stdio: ["pipe", "pipe", "pipe"],
  }).toString();
}

async function startServer(work) {
  const child = spawn(netvet, ["serve", "--workspace", join(work, "ws.db"), "--listen", "127.0.0.1:0", "--web-dir", webDir], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  createInterface({ input: child.stderr }).on("line", () => {});
  const url = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once("line", (l) => ok(l.trim()));
    child.once("exit", (c) => fail(new Error(`netvet serve exited ${c}`)));
  });
  return { child, url };
}

async function stop(server) {
  const gone = new Promise((ok) => server.child.once("exit", ok));
  server.child.kill("SIGTERM");
  await gone;
}

async function open(page, url, id) {
  await page.goto(url + "/#/networks");
  await page.waitForSelector("main");
  const t0 = Date.now();
  await page.goto(url + `/#/networks/${id}`);
  await page.waitForSelector("#share-chart canvas", { timeout: 600000 });
  await page.waitForSelector("#site-map .leaflet-overlay-pane canvas", { timeout: 600000 });
  return Date.now() - t0;
}

async function signIn(page, url) {
  await page.goto(url + "/");
  await page.waitForSelector("form.signin");
  await page.fill("#name", person.name);
  await page.fill("#password", person.password);
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector("#sign-out");
}

async function once(browser) {
  const work = mkdtempSync(join(tmpdir(), "netvet-overview-bench-"));
  try {
    admin(work, "init");
    admin(work, "add-org", "--name", person.org, "--kind", "operator", "--jurisdiction", "gb");
    const token = /nvt_[A-Za-z0-9_-]+/.exec(admin(work, "add-user", "--org", person.org, "--name", person.name, "--role", "operator_editor"))[0];
    admin(work, "set-password", "--name", person.name);
    let server = await startServer(work);
    let t0 = Date.now();
    const uploaded = JSON.parse(
      execFileSync("curl", ["-sS", "--fail-with-body", "-H", `Authorization: Bearer ${token}`,
        "-F", `elements=@${join(network, "elements.csv")}`, "-F", `links=@${join(network, "links.csv")}`,
        `${server.url}/api/v1/networks?name=bench`], { maxBuffer: 1 << 24 }).toString(),
    );
    const figures = { upload_ms: Date.now() - t0, elements: uploaded.elements };
    let context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let page = await context.newPage();
    await signIn(page, server.url);
    figures.first_open_ms = await open(page, server.url, uploaded.id);
    figures.second_open_ms = await open(page, server.url, uploaded.id);
    await context.close();
    await stop(server);
    server = await startServer(work);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, server.url);
    figures.after_restart_open_ms = await open(page, server.url, uploaded.id);
    await context.close();
    await stop(server);
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const browser = await chromium.launch({ executablePath: process.env.NETVET_CHROMIUM ?? "/usr/bin/chromium" });
const all = [];
for (let i = 0; i < runs; i += 1) {
  all.push(await once(browser));
  process.stderr.write(JSON.stringify(all.at(-1)) + "\n");
}
await browser.close();
const median = (k) => {
  const v = all.map((f) => f[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const keys = Object.keys(all[0]);
console.log(JSON.stringify({ runs, median: Object.fromEntries(keys.map((k) => [k, median(k)])), each: all }));
