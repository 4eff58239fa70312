import { describe, expect, it } from "vitest";
import { Api, ApiError, problemOf } from "../dashboard/src/api";

type Call = { url: string; init: RequestInit | undefined };

function fake(answers: Response[]) {
  const calls: Call[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const a = answers.shift();
    if (!a) throw new TypeError("Failed to fetch");
    return a;
  };
  return { fn, calls };
}

const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

describe("Api", () => {
  it("keeps the CSRF value of the sign-in and sends it on writes, not on reads", async () => {
    const { fn, calls } = fake([
      json(201, { user: "u", role: "operator_editor", org: "o", csrf: "c1", expires_at: "x" }),
      json(200, { items: [] }),
      json(200, { id: "prp_1" }),
    ]);
    const api = new Api(fn, () => undefined);
    await api.signIn("u", "p");
    await api.get("/proposals");
    await api.post("/proposals/prp_1/submit");
    const h1 = calls[1]?.init?.headers as Record<string, string>;
    const h2 = calls[2]?.init?.headers as Record<string, string>;
    expect(h1["X-CSRF-Token"]).toBeUndefined();
    expect(h2["X-CSRF-Token"]).toBe("c1");
    expect(calls[2]?.url).toBe("/api/v1/proposals/prp_1/submit");
    expect(calls[0]?.init?.credentials).toBe("same-origin");
    expect(calls[0]?.url).not.toContain("p=");
  });

  it("asks a GET again after a 503's Retry-After, within its patience, and never a write", async () => {
    const busy = () =>
      new Response(JSON.stringify({ status: 503, code: "overloaded", detail: "being loaded" }), {
        status: 503,
        headers: { "content-type": "application/problem+json", "retry-after": "3" },
      });
    const { fn, calls } = fake([busy(), busy(), json(200, { elements: 7 }), busy(), busy(), busy(), busy()]);
    const api = new Api(fn, () => undefined);
    const pauses: number[] = [];
    const waits: number[] = [];
    api.sleep = async (ms) => {
      pauses.push(ms);
    };
    api.onWaiting = (_path, waited) => waits.push(waited);
    expect(await api.get<{ elements: number }>("/networks/net_1/summary")).toEqual({ elements: 7 });
    expect(calls.length).toBe(3);
    expect(pauses).toEqual([3000, 3000]);
    expect(waits).toEqual([0, 3000]);
    // A write is not repeated: the server may have done it.
    await expect(api.post("/networks?name=x", {})).rejects.toMatchObject({ status: 503 });
    expect(calls.length).toBe(4);
    // Patience spent: the 503 reaches the page.
    api.patienceMs = 3000;
    await expect(api.get("/networks/net_1/summary")).rejects.toMatchObject({ status: 503, code: "overloaded" });
    expect(calls.length).toBe(6);
  });

  it("does not repeat a 503 that gives no Retry-After", async () => {
    const { fn, calls } = fake([json(503, { status: 503, code: "overloaded", detail: "no" }, "application/problem+json")]);
    const api = new Api(fn, () => undefined);
    await expect(api.get("/networks")).rejects.toMatchObject({ status: 503 });
    expect(calls.length).toBe(1);
  });

  it("turns a problem+json answer into an ApiError with its code and field", async () => {
    const { fn } = fake([
      json(400, { status: 400, code: "invalid_input", detail: "bad name", location: { field: "name" } }, "application/problem+json"),
    ]);
    const api = new Api(fn, () => undefined);
    const err = await api.get("/networks").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "invalid_input", message: "bad name", field: "name" });
  });

  it("ends the session on a 401, once, and forgets the CSRF value", async () => {
    const { fn } = fake([json(401, { code: "unauthenticated", detail: "no session" }, "application/problem+json")]);
    let ended = 0;
    const api = new Api(fn, () => (ended += 1));
    api.csrf = "c";
    await expect(api.get("/proposals")).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    expect(api.csrf).toBeNull();
  });

  it("does not end the session for a wrong password at sign-in", async () => {
    const { fn } = fake([json(401, { code: "unauthenticated", detail: "wrong" }, "application/problem+json")]);
    let ended = 0;
    const api = new Api(fn, () => (ended += 1));
    await expect(api.signIn("u", "bad")).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(0);
  });

  it("redeems a reset code with a JSON body, and a wrong code does not end anything", async () => {
    const { fn, calls } = fake([
      new Response(null, { status: 204 }),
      json(401, { code: "unauthenticated", detail: "wrong code", location: { field: "code" } }, "application/problem+json"),
    ]);
    let ended = 0;
    const api = new Api(fn, () => (ended += 1));
    await api.resetPassword("analyst", "3f9a1-0c2e7-b5d48-91e06", "a long new passphrase");
    expect(calls[0]?.url).toBe("/api/v1/password/reset");
    expect(calls[0]?.init?.method).toBe("POST");
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      name: "analyst",
      code: "3f9a1-0c2e7-b5d48-91e06",
      password: "a long new passphrase",
    });
    await expect(api.resetPassword("analyst", "x", "a long new passphrase")).rejects.toMatchObject({
      status: 401,
      field: "code",
    });
    expect(ended).toBe(0);
  });

  it("reports a server that does not answer, and an answer that is not JSON", async () => {
    const none = new Api(fake([]).fn, () => undefined);
    await expect(none.get("/x")).rejects.toMatchObject({ status: 0, code: "network" });
    const html = new Api(fake([new Response("<html>", { status: 200, headers: { "content-type": "text/html" } })]).fn, () => undefined);
    await expect(html.get("/x")).rejects.toMatchObject({ code: "unexpected" });
  });

  it("keeps the status of a failed answer that is not a problem", async () => {
    const err = await problemOf(new Response("Bad gateway", { status: 502, statusText: "Bad Gateway" }));
    expect(err.status).toBe(502);
    expect(err.code).toBe("http_502");
    expect(err.message).toContain("502");
  });

  it("sends FormData as it is (the browser sets the multipart boundary)", async () => {
    const { fn, calls } = fake([json(201, { id: "net_1" })]);
    const api = new Api(fn, () => undefined);
    const body = new FormData();
    body.append("elements", new Blob(["id\n"]), "elements.csv");
    await api.post("/networks?name=n", body);
    expect(calls[0]?.init?.body).toBe(body);
    expect((calls[0]?.init?.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
  });
});
