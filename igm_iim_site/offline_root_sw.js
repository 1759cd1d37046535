/* Offline: the root of a deployment of the guide (the folder above the editions, where mike
   writes index.html, which sends the reader to `latest/`, and versions.json). Written there by
   `make publish` (tools/root_worker.py); registered by assets/javascripts/offline.js from any
   page of an edition, once that edition's own worker is running.

   Each edition folder has its own worker (sw.js in it, scope that folder), which serves every
   file of its build. A browser hands a request to the worker with the longest scope that
   matches, so this one only sees what no edition worker covers:

   - the root itself: answered from the network, else from the copy saved here, so the home
     address opens offline and goes on to latest/;
   - an edition folder written without its slash (`latest`, `2026.1`): offline, sent on to the
     folder (a server would redirect it; mike's versions.json, saved here, names the folders);
   - a page of an edition whose worker this device never ran (e.g. 2026.2 when the reader only
     opened latest/, the same build): network first; offline, the reader is sent to the same
     page of a saved copy of that build (same edition, so the same files, checked by that
     copy's worker), else gets a page saying which editions this device holds, and, when the copy
     of that edition saved under another folder (latest/) was replaced by a newer edition, saying so. */
"use strict";

const SCOPE = self.registration.scope;  // the deployment root, e.g. <origin>/guide/
const CACHE = "guide-root " + SCOPE;
const EDITION_CACHE = "guide-edition ";  // prefix of the edition workers' caches: "guide-edition <scope> <build>"
const SAVED = [SCOPE, SCOPE + "versions.json"];
const REPLACED = "guide-replaced ";  // the edition workers' notes: "guide-replaced <scope> <old> <new>"

async function save() {
  const cache = await caches.open(CACHE);
  await Promise.all(SAVED.map(async (url) => {
    const response = await fetch(url, { cache: "reload", credentials: "same-origin" });
    if (response.ok) await cache.put(url, response);
  }));
}

// Never claims open pages: it controls only what it answers from now on (the edition pages keep
// their own workers, which always win, having the longer scope).
self.addEventListener("install", (event) => event.waitUntil(save().then(() => self.skipWaiting())));

async function networkThenSaved(request, key) {
  try {
    const response = await fetch(request, { cache: "no-store" });
    if (response.ok) await (await caches.open(CACHE)).put(key, response.clone());
    return response;
  } catch (error) {
    const hit = await (await caches.open(CACHE)).match(key);
    if (hit) return hit;
    throw error;
  }
}

// The saved copies of this deployment's editions: [{scope, build}], from the edition caches' names.
async function savedCopies() {
  const keys = await caches.keys();
  return keys.filter((key) => key.startsWith(EDITION_CACHE + SCOPE)).map((key) => {
    const [scope, build] = key.slice(EDITION_CACHE.length).split(" ");
    return { scope, build };
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
}

// The newest note that this device's copy of edition `folder` (saved under another folder, e.g.
// latest/) was replaced by another edition's build: {scope, name, edition}, or null.
async function replacedBy(folder) {
  const keys = (await caches.keys()).filter((key) => key.startsWith(REPLACED + SCOPE)).reverse();
  for (const key of keys) {
    const [scope, old, now] = key.slice(REPLACED.length).split(" ");
    if (old && now && old.startsWith(folder + "-") && !now.startsWith(folder + "-")) {
      return { scope, name: scope.slice(SCOPE.length).replace(/\/$/, ""), edition: now.split("-")[0] };
    }
  }
  return null;
}

function wasReplaced(folder, { scope, name, edition }) {
  const [f, n, e] = [folder, name, edition].map(escapeHtml);
  return `<p>Edition ${f} was saved here as <code>${n}</code>, and that copy was replaced by edition ${e} ` +
    `when it was published. Open <a href="${escapeHtml(scope)}">${n}</a> (edition ${e}) now, or reconnect ` +
    `to open ${f}.</p>`;
}

function notSaved(folder, copies, replaced) {
  const items = copies.map(({ scope, build }) => {
    const name = scope.slice(SCOPE.length).replace(/\/$/, "");
    return `<li><a href="${escapeHtml(scope)}">${escapeHtml(name)}</a> (edition ${escapeHtml(build.split("-")[0])})</li>`;
  }).join("");
  const text = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Not saved on this device</title>" +
    "<body style=\"font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">" +
    "<h1>Not saved on this device</h1><p>This device is offline, and no copy of " +
    `<code>${escapeHtml(folder)}</code> of the guide is saved on it.</p>` +
    (replaced ? wasReplaced(folder, replaced) : "<p>An edition is saved on a device while one of its pages " +
      "stays open online until the copy has finished downloading. Reconnect to open this one.</p>") +
    (items ? `<p>Saved on this device:</p><ul>${items}</ul>` : "") + "</body></html>";
  return new Response(text, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// mike's list of editions and aliases, as last saved here
async function folders() {
  const hit = await (await caches.open(CACHE)).match(SCOPE + "versions.json");
  if (!hit) return [];
  try {
    return (await hit.json()).flatMap((v) => [v.version, ...(v.aliases || [])]);
  } catch (error) {
    return [];
  }
}

async function offlinePage(request, path, search) {
  try {
    return await fetch(request);
  } catch (error) {
    const [folder, ...rest] = path.split("/").map(decodeURIComponent);
    if (rest.length === 0 && (await folders()).includes(folder)) {
      return Response.redirect(SCOPE + encodeURIComponent(folder) + "/" + search, 301);
    }
    const copies = await savedCopies();
    // the same build saved under another folder (latest/ and its numbered edition are one build)
    const same = copies.find(({ build }) => build.startsWith(folder + "-"));
    if (same) return Response.redirect(same.scope + rest.map(encodeURIComponent).join("/") + search, 302);
    return notSaved(folder, copies, await replacedBy(folder));
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  const path = url.pathname.slice(new URL(SCOPE).pathname.length);
  if (path === "" || path === "index.html") {
    event.respondWith(networkThenSaved(request, SCOPE));
  } else if (path === "versions.json") {
    event.respondWith(networkThenSaved(request, SCOPE + "versions.json"));
  } else if (request.mode === "navigate") {
    event.respondWith(offlinePage(request, path, url.search));
  }
});
