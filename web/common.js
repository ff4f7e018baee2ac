// Shared by the privacy centre and the DPO console: the token, the API, building DOM nodes,
// translations. No framework, no third-party code; nothing is stored in the browser.

/** Takes `#token=<jwt>` off the address (the fragment never reaches a server log) and forgets
 *  it there, so a reload or a shared link does not carry it. */
export function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return decodeURIComponent(match[1]);
}

/** The claims of a JWT, unverified: only to show who is signed in and until when (the server
 *  verifies the token on every call). */
export function claimsOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part));
  } catch {
    return null;
  }
}

/** An API error: the problem+json answer, if there was one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The JSON API with one bearer token, held in memory only. */
export class Api {
  constructor(token) {
    this.token = token;
  }

  async raw(method, path, { body, accept = "application/json", headers = {} } = {}) {
    const init = {
      method,
      headers: { Authorization: `Bearer ${this.token}`, Accept: accept, ...headers },
      credentials: "omit",
      cache: "no-store",
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch {
        /* not problem+json */
      }
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  async json(method, path, body) {
    const response = await this.raw(method, path, { body });
    return response.json();
  }

  get(path) {
    return this.json("GET", path);
  }
}

/** Builds an element: `attrs` sets attributes, `on<Event>` keys add listeners (never inline
 *  handlers: the Content-Security-Policy forbids them), children are nodes or text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      node.className = value;
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Loads `/assets/i18n/<lang>.json` for the first language that has a file, English last. */
export async function loadTranslations(preferred) {
  const tried = new Set();
  for (const tag of [...preferred, "en"]) {
    const lang = String(tag || "").toLowerCase().split(/[-_]/)[0];
    if (!/^[a-z]{2,3}$/.test(lang) || tried.has(lang)) continue;
    tried.add(lang);
    const response = await fetch(`/assets/i18n/${lang}.json`, { credentials: "omit" });
    if (response.ok) return { lang, strings: await response.json() };
  }
  return { lang: "en", strings: {} };
}

/** A translator over `strings`: `t(key, {name: value})` fills `{name}`; a missing key shows
 *  the fallback, or the key itself. */
export function translator(strings) {
  return (key, values = {}, fallback) => {
    const text = strings[key] ?? fallback ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
  };
}

/** Offers `blob` as a download named `name`. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Shows a message in the page's live region (`role="status"`). */
export function say(region, text, kind = "ok") {
  region.className = `status ${kind}`;
  region.textContent = text;
}
