// Runs the search worker a built site ships (and the lunr it imports) in a Node sandbox, over that site's
// search_index.json, and answers a list of queries as the worker answers the page.
//
//   node search_runner.js WORKER.js search_index.json queries.json
//
// Prints one JSON object: {queries: [{query, pages: [page location, ...], missing, error}]}. `pages` are
// the result groups in the order the search box lists them (one per page, best first); `missing`, the
// words the first result shows as not found. `error` is the
// text of any exception, warning or console error the worker raised for that query (a worker catches
// its own failure and answers "no results": the theme's warns "Invalid query", the site's logs an error;
// here either is an error, never silence).
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm"), url = require("url");
const [workerPath, indexPath, queriesPath] = process.argv.slice(2);
let listener = null;
const posted = [];
const warnings = [];
const sandboxConsole = {
  log: () => {}, info: () => {}, debug: () => {},
  warn: (...args) => warnings.push(args.map(String).join(" ")),
  error: (...args) => warnings.push(args.map(String).join(" ")),
};
// importScripts as a worker has it: each URL (absolute, as the site's worker asks) read and run in order.
const ctx = vm.createContext({
  console: sandboxConsole, URL, TextDecoder, TextEncoder, Promise, setTimeout, clearTimeout,
  location: { href: url.pathToFileURL(workerPath).href },
  importScripts: (...urls) => urls.forEach((u) => vm.runInContext(fs.readFileSync(new URL(u), "utf8"), ctx)),
  addEventListener: (type, fn) => { if (type === "message") listener = fn; },
  postMessage: (message) => posted.push(message),
});
ctx.self = ctx;
vm.runInContext(fs.readFileSync(workerPath, "utf8"), ctx);
if (!listener) throw new Error("the worker registered no message listener");

async function send(message) {
  const before = posted.length;
  listener({ data: message });
  for (let i = 0; i < 1000 && posted.length === before; i++) await new Promise((done) => setTimeout(done, 0));
  if (posted.length === before) throw new Error("the worker did not answer " + JSON.stringify(message).slice(0, 80));
  return posted[posted.length - 1];
}

(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
  // A site's index holds the address of the pages' text (igm_iim_site/search_split.py), which the worker
  // fetches in a browser; here the text is read from the site and sent whole, as the file:// archive does.
  if (!index.docs.length && index.config.text) {
    const root = path.resolve(path.dirname(indexPath), "..");
    index.docs = JSON.parse(fs.readFileSync(path.join(root, index.config.text), "utf8")).docs;
  }
  const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
  // What the page sends (mkdocs-material 9: SETUP = 0, READY = 1, QUERY = 2, RESULT = 3).
  const ready = await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: true } } });
  if (ready.type !== 1) throw new Error("the worker did not get ready: " + JSON.stringify(ready).slice(0, 200));
  if (warnings.length) throw new Error("the worker warned while building its index: " + warnings.join(" | "));
  const out = [];
  for (const query of queries) {
    warnings.length = 0;
    let error = null, pages = [], missing = [];
    try {
      const answer = await send({ type: 2, data: query });
      if (answer.type !== 3) throw new Error("unexpected answer type " + answer.type);
      pages = answer.data.items.map((group) => group[0].location.split("#")[0]);
      pages = pages.filter((p, i) => pages.indexOf(p) === i);
      // the words the first result shows as missing (struck through under it)
      const terms = answer.data.items.length ? answer.data.items[0][0].terms || {} : {};
      missing = Object.keys(terms).filter((word) => !terms[word]);
    } catch (exc) {
      error = String(exc && exc.stack || exc);
    }
    if (warnings.length) error = (error ? error + " | " : "") + warnings.join(" | ");
    out.push({ query, pages, missing, error });
  }
  process.stdout.write(JSON.stringify({ queries: out }));
})().catch((exc) => { process.stderr.write(String(exc && exc.stack || exc) + "\n"); process.exit(1); });
