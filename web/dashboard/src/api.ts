// The dashboard's client of netvet's REST API (docs/server.md). The session
// is the server's HttpOnly cookie, which this code never sees; it keeps only
// the session's CSRF value, sent in X-CSRF-Token on every request that is
// not a GET. A 401 on any request means the session has ended (signed out,
// 30 minutes idle, 12 hours old): `onSessionEnded` is called, and the page
// returns to the sign-in form. Errors are RFC 9457 problems: `ApiError`.

export interface SessionInfo {
  user: string;
  role: string;
  org: string;
  csrf: string;
  expires_at: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly field: string | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

// The problem+json body of a failed answer as an ApiError; an answer that is
// not one (a proxy's HTML page, an empty body) still gives its status.
export async function problemOf(res: Response): Promise<ApiError> {
  let detail = `${res.status} ${res.statusText}`.trim();
  let code = "http_" + res.status;
  let field: string | null = null;
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body = (await res.json()) as {
        detail?: unknown;
        code?: unknown;
        title?: unknown;
        location?: { field?: unknown };
      };
      if (typeof body.detail === "string") detail = body.detail;
      else if (typeof body.title === "string") detail = body.title;
      if (typeof body.code === "string") code = body.code;
      if (typeof body.location?.field === "string") field = body.location.field;
    } catch {
      // not JSON after all: keep the status line
    }
  }
  return new ApiError(res.status, code, detail, field);
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class Api {
  csrf: string | null = null;
  // A GET that the server answers 503 with Retry-After (a large network is
  // still being loaded for analysis; its answer is kept once loaded) is asked
  // again after that many seconds, for up to `patienceMs` in all; `onWaiting`
  // lets the page say so meanwhile.
  patienceMs = 300_000;
  onWaiting: (path: string, waitedMs: number) => void = () => undefined;
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((ok) => setTimeout(ok, ms));

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly onSessionEnded: () => void,
    private readonly base = "/api/v1",
  ) {}

  async signIn(name: string, password: string): Promise<SessionInfo> {
    const info = await this.send<SessionInfo>("POST", "/session", { name, password }, false);
    this.csrf = info.csrf;
    return info;
  }

  // Sets one's password with a one-time code from an administrator. No
  // session: a 401 here is a wrong code, not a session that ended.
  async resetPassword(name: string, code: string, password: string): Promise<void> {
    await this.send<unknown>("POST", "/password/reset", { name, code, password }, false);
  }

  async signOut(): Promise<void> {
    try {
      await this.send<unknown>("DELETE", "/session", undefined, false);
    } finally {
      this.csrf = null;
    }
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  // One request. `body`: a FormData (multipart, the browser sets the
  // boundary) or a value sent as JSON.
  async send<T>(method: string, path: string, body?: unknown, endOnUnauthenticated = true): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (method !== "GET" && method !== "HEAD" && this.csrf !== null) headers["X-CSRF-Token"] = this.csrf;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    let res: Response;
    for (let waited = 0; ; ) {
      try {
        res = await this.fetchFn(this.base + path, { method, headers, body: payload, credentials: "same-origin" });
      } catch (e) {
        throw new ApiError(0, "network", `the server did not answer (${e instanceof Error ? e.message : String(e)})`);
      }
      const retryAfter = res.headers.get("retry-after");
      const after = retryAfter === null ? NaN : Number(retryAfter);
      if (method !== "GET" || res.status !== 503 || !(after >= 0) || waited >= this.patienceMs) break;
      const pause = Math.min(Math.max(after, 1), 10) * 1000;
      this.onWaiting(path, waited);
      await this.sleep(pause);
      waited += pause;
    }
    if (!res.ok) {
      const err = await problemOf(res);
      if (res.status === 401 && endOnUnauthenticated) {
        this.csrf = null;
        this.onSessionEnded();
      }
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const type = res.headers.get("content-type") ?? "";
    if (!type.includes("json")) {
      throw new ApiError(res.status, "unexpected", `expected JSON, got ${type || "no content type"}`);
    }
    return (await res.json()) as T;
  }
}
