// Runs the browser's live-form scripts in Node (no browser, no npm package) and answers
// requests on stdin, one JSON object per line: {"id", "form", "inputs", "today"} ->
// {"id", "answer"} or {"id", "error"}. Started by tests/live_node.py. With "render": true, a result's answer
// also carries the HTML the page shows ("html") and its status line ("status").
//
// usage: node live_runner.js DATA.js SCRIPT.js [SCRIPT.js ...]
// DATA.js and the scripts are the files the site serves, loaded in one vm context whose
// window/document are inert stubs: no DOM, only what the scripts' pure functions need.
"use strict";
const fs = require("fs");
const vm = require("vm");
const readline = require("readline");

function inertElement() {
  return {
    style: {}, classList: { add() {}, remove() {}, contains() { return false; } },
    setAttribute() {}, getAttribute() { return null; }, removeAttribute() {}, appendChild() {},
    addEventListener() {}, querySelector() { return null; }, querySelectorAll() { return []; },
  };
}

const documentStub = Object.assign(inertElement(), {
  readyState: "complete",
  body: inertElement(),
  documentElement: inertElement(),
  createElement: inertElement,
  getElementById() { return null; },
});

const sandbox = {
  console, TextEncoder, TextDecoder, setTimeout, clearTimeout,
  document: documentStub,
  CustomEvent: function CustomEvent(type, init) { this.type = type; this.detail = init && init.detail; },
  Event: function Event(type) { this.type = type; },
  addEventListener() {}, removeEventListener() {},
};
sandbox.window = sandbox;
const context = vm.createContext(sandbox);
for (const file of process.argv.slice(2)) {
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
}

const api = sandbox.LiveForms;
const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  const batch = Array.isArray(request) ? request : [request];
  const out = batch.map((r) => {
    try {
      const answer = api.run(r.form, r.inputs, r.today);
      if (r.render && answer.state === "result") {
        answer.html = api.resultHtml(r.form, answer, null);
        answer.status = api.statusText(r.form, answer);
      }
      if (r.files && answer.ok && sandbox.LiveTaper && r.form === "taper") {
        answer.files = sandbox.LiveTaper.files(answer, r.files, r.now);
      }
      return { id: r.id, answer: JSON.parse(JSON.stringify(answer)) };
    } catch (err) {
      return { id: r.id, error: String(err && err.stack || err) };
    }
  });
  process.stdout.write(JSON.stringify(Array.isArray(request) ? out : out[0]) + "\n");
});
