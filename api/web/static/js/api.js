// The GraphQL client: POST /graphql on this server, with the API key kept in sessionStorage.

const KEY_NAME = "custody-graph.apiKey";
const ENDPOINT = "/graphql";

export function getKey() {
  try {
    return sessionStorage.getItem(KEY_NAME) || "";
  } catch {
    return "";
  }
}

export function setKey(key) {
  const k = (key || "").trim();
  if (k) sessionStorage.setItem(KEY_NAME, k);
  else sessionStorage.removeItem(KEY_NAME);
  document.dispatchEvent(new CustomEvent("apikey-changed", { detail: { set: Boolean(k) } }));
}

/** One or more errors from the API, each {message, code, path}; `data` is whatever came back with them. */
export class ApiError extends Error {
  constructor(errors, data = null) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("\n"));
    this.name = "ApiError";
    this.errors = errors;
    this.data = data;
  }

  get codes() {
    return this.errors.map((e) => e.code);
  }
}

let inflight = 0;
function busy(delta) {
  inflight += delta;
  document.body.toggleAttribute("data-busy", inflight > 0);
}

/**
 * Run a query; resolves to `data`, rejects with ApiError (GraphQL errors with their codes, HTTP failures,
 * an unreachable server).
 */
export async function gql(query, variables = {}, { signal } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  busy(1);
  try {
    let res;
    try {
      res = await fetch(ENDPOINT, {
        method: "POST", headers, body: JSON.stringify({ query, variables }), signal, credentials: "omit",
      });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new ApiError([{ message: `the server could not be reached (${err.message})`, code: "NETWORK" }]);
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      throw new ApiError([{ message: `the server answered HTTP ${res.status} ${res.statusText} without a JSON body`,
        code: `HTTP_${res.status}` }]);
    }
    if (body && Array.isArray(body.errors) && body.errors.length) {
      throw new ApiError(body.errors.map((e) => ({
        message: e.message || "unknown error",
        code: (e.extensions && e.extensions.code) || (res.ok ? "GRAPHQL" : `HTTP_${res.status}`),
        path: Array.isArray(e.path) ? e.path.join(".") : null,
      })), body.data ?? null);
    }
    if (!res.ok || !body || !body.data) {
      throw new ApiError([{ message: `the server answered HTTP ${res.status} ${res.statusText}`,
        code: `HTTP_${res.status}` }]);
    }
    return body.data;
  } finally {
    busy(-1);
  }
}
