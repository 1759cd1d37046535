// The site's search worker, written for this site. mkdocs-material's page script starts it (the theme's
// `config` block in overrides/main.html names this file as `search`) and talks to it as to the theme's own
// worker: it sends the search index once (SETUP), then each query (QUERY), and shows the answer (RESULT).
//
// Why our own: the theme's worker bundles lunr 2.3.9, whose word graph (lunr.TokenSet.fromArray) merges
// two different nodes when their signatures read alike, which happens on a site with many numbers: edge
// "1" to node 234 and edges "1" to node 2 and "3" to node 4 both read "01234". Searches for "15 mg" then
// crashed or found nothing (lunr issues 503, 279, 314). Here lunr (vendored unchanged, vendor/lunr.min.js)
// builds the index as usual, and the index is then made with lunr's public constructor around a word
// graph built here, one node per prefix, never merged. Queries are built clause by clause with lunr's
// public query API (never its query-string parser), so no query can throw a parse error: "HZ-01:" is
// the words "hz" and "01".
//
// What the reader sees is what the theme's worker gave: every word is a prefix search, except a word
// marked +required or -excluded, or with ~fuzziness or ^boost; "quoted words" must all be there;
// title:, text: and tags: restrict a word to one field; results are grouped by page, a page ranked
// above its sections, each result saying which words it has; the found words are marked.
// Three additions (the third ward trial): a hyphenated word ("Anti-Jo-1") is a phrase of whole words,
// searched word by word only if no page has them all; a number or short word typed whole ranks above
// words it only begins ("2" above "20"); and when nothing is found, a word of 6 letters or more may be
// one letter off ("metotrexate").
"use strict";
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // mkdocs-material 9's message types
  var FIELDS = ["title", "text", "tags"];
  // A unit as the ward types it and as the pages write it ("750 mg/m2", "15 mg/m²"): either finds both
  // (the ward trial: "m2" found no page).
  var SPELLED = { "m2": "m²", "m²": "m2" };
  var site = null;  // {index, docs: Map location -> doc, separator, stemmed, suggest}

  // lunr sits beside this file. Under the offline archive's iframe shim (file://) this code runs in a
  // page whose first script element is this file; in a real worker, self.location is this file.
  function here() {
    if (typeof document !== "undefined" && document.querySelector("script[src]")) {
      return document.querySelector("script[src]").src;
    }
    return self.location.href;
  }
  // A real worker loads the script before going on; the archive's shim loads it later (a promise).
  var lunr = null;
  var loaded = Promise.resolve(importScripts(new URL("vendor/lunr.min.js", here()).href)).then(function () {
    lunr = self.lunr;
  });

  function words(text, separator) {
    var out = [];
    String(text).replace(/<[^>]*>/g, " ").split(separator).forEach(function (word) {
      if (word) out.push(word.toLowerCase());
    });
    return out;
  }

  // The index's word graph: a tree with one node per distinct prefix, so no two words share a node
  // by accident (see the top of this file).
  function wordGraph(terms) {
    var root = new lunr.TokenSet();
    terms.forEach(function (term) {
      var node = root;
      for (var i = 0; i < term.length; i++) {
        var c = term.charAt(i);
        node = node.edges[c] || (node.edges[c] = new lunr.TokenSet());
      }
      node.final = true;
    });
    return root;
  }

  // The ward's names a section is listed for (igm_iim_site/search_terms.yml): its hidden line reads
  // "Other names, for search: means = name, name; means = name." (search_terms.hidden_line).
  function namesOf(text) {
    var line = /Other names, for search: ([^<]*)/.exec(text || "");
    var names = new Set();
    if (!line) return names;
    line[1].split(". A search for ")[0].replace(/\.\s*$/, "").split("; ").forEach(function (term) {
      var at = term.indexOf(" = ");
      if (at < 0) return;
      term.slice(at + 3).split(", ").forEach(function (name) { names.add(plain(name)); });
    });
    return names;
  }
  function plain(words) {
    return words.replace(/&amp;/g, "&").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setup(data) {
    var config = data.config;
    var separator = new RegExp(config.separator, "g");
    var pipeline = config.pipeline || [];
    var docs = new Map();
    data.docs.forEach(function (doc) {  // a page first, then its sections ("page/#heading")
      var page = doc.location.split("#")[0];
      doc.names = namesOf(doc.text);
      if (docs.has(page)) {
        doc.parent = docs.get(page);
        docs.set(doc.location, doc);
      } else {
        docs.set(page, doc);
      }
    });
    var builder = new lunr.Builder();
    var steps = { trimmer: lunr.trimmer, stopWordFilter: lunr.stopWordFilter, stemmer: lunr.stemmer };
    ["trimmer", "stopWordFilter", "stemmer"].forEach(function (name) {
      if (pipeline.indexOf(name) >= 0) builder.pipeline.add(steps[name]);
    });
    if (pipeline.indexOf("stemmer") >= 0) builder.searchPipeline.add(lunr.stemmer);
    builder.b(0);  // a long page is not marked down for its length (as the theme's worker)
    builder.tokenizer = function (value) {
      var list = Array.isArray(value) ? value : (value === undefined || value === null ? [] : [value]);
      var tokens = [];
      list.forEach(function (item) {
        words(item, separator).forEach(function (word) { tokens.push(new lunr.Token(word, {})); });
      });
      return tokens;
    };
    builder.ref("location");
    Object.keys(config.fields).forEach(function (name) { builder.field(name, config.fields[name]); });
    data.docs.forEach(function (doc) { builder.add(doc, { boost: doc.boost }); });
    var built = builder.build();
    var index = new lunr.Index({
      invertedIndex: built.invertedIndex, fieldVectors: built.fieldVectors, fields: built.fields,
      pipeline: built.pipeline, tokenSet: wordGraph(Object.keys(built.invertedIndex)),
    });
    site = { index: index, docs: docs, separator: separator, stemmed: pipeline.indexOf("stemmer") >= 0,
             suggest: !!(data.options && data.options.suggest) };
  }

  // The query as clauses: [{term, presence, fields?, editDistance?, boost?, usePipeline, shown}].
  // strict: a hyphenated word ("Anti-Jo-1", "Solu-Medrol") is a phrase, its words all required and whole
  // (the third ward trial: "Anti-Jo-1" as "anti* jo* 1*" ranked pages with any number starting with 1).
  // fuzzy: each plain word of 6 letters or more may be one letter off ("metotrexate").
  function clauses(query, strict, fuzzy) {
    var P = lunr.Query.presence, out = [];
    query = query.replace(/"([^"]*)"/g, function (all, phrase) {  // every word of a phrase is required
      return phrase.split(/\s+/).map(function (w) { return w && !/^[+-]/.test(w) ? "+" + w : w; }).join(" ");
    }).replace(/"/g, " ");
    query.split(/\s+/).forEach(function (part) {
      var presence = part.charAt(0) === "+" ? P.REQUIRED : part.charAt(0) === "-" ? P.PROHIBITED : P.OPTIONAL;
      if (presence !== P.OPTIONAL) part = part.slice(1);
      var fields = null, field = /^(\w+):/.exec(part);
      if (field && FIELDS.indexOf(field[1]) >= 0) {
        fields = [field[1]];
        part = part.slice(field[0].length);
      }
      var editDistance = null, boost = null, mod;
      while ((mod = /([~^])(\d*)$/.exec(part))) {
        var n = mod[2] === "" ? 1 : Math.min(parseInt(mod[2], 10), 1000);
        if (mod[1] === "~") editDistance = Math.min(n, 3); else boost = n;
        part = part.slice(0, mod.index);
      }
      var split = words(part, site.separator);
      var phrase = strict && presence === P.OPTIONAL && editDistance === null && boost === null &&
        split.length > 1 && /[^\s*-]-[^\s*-]/.test(part) && part.indexOf("*") < 0;
      if (phrase) presence = P.REQUIRED;
      var exact = presence !== P.OPTIONAL || editDistance !== null || boost !== null;
      split.forEach(function (word) {
        if (!word.replace(/\*/g, "")) return;  // wildcards alone match every word: no question
        if (SPELLED[word] && presence === P.OPTIONAL) {  // the other spelling of a unit, found as the same word
          var other = { term: SPELLED[word], presence: presence, usePipeline: true, shown: word, alias: SPELLED[word] };
          if (fields) other.fields = fields;
          out.push(other);
        }
        var near = fuzzy && !exact && editDistance === null && /^[a-z]{6,}$/.test(word);
        var term = exact || near || /\*$/.test(word) ? word : word + "*";
        var clause = { term: term, presence: presence, usePipeline: term.indexOf("*") < 0,
                       shown: word.replace(/^\*+|\*+$/g, "") };
        if (fields) clause.fields = fields;
        if (near) clause.near = true;
        if (editDistance !== null || near) clause.editDistance = near ? 1 : editDistance;
        if (boost !== null) clause.boost = boost;
        out.push(clause);
        // a number or a short word (a unit, an abbreviation) typed whole counts most as itself: "2 g/kg"
        // lists a page giving 2 g/kg above pages with 20 or 250 mg/kg (still found, by the prefix)
        if (term !== word && /^(\d+(\.\d+)?|[^\d*]{1,3})$/.test(word)) {
          out.push(Object.assign({}, clause, { term: word, usePipeline: true, boost: 10 }));
        }
      });
    });
    return out;
  }

  function marked(html, found) {
    var separator = site.separator;
    return html.split(/(<[^>]*>)/).map(function (piece, i) {
      if (i % 2) return piece;  // a tag
      var out = "", at = 0, match;
      separator.lastIndex = 0;
      function word(end) {
        var text = piece.slice(at, end), lower = text.toLowerCase();
        var hit = text && (found.has(lower) || (site.stemmed && Array.from(found).some(function (t) {
          return lower.indexOf(t) === 0;
        })));
        out += hit ? "<mark>" + text + "</mark>" : text;
      }
      while ((match = separator.exec(piece)) !== null) {
        word(match.index);
        out += match[0];
        at = match.index + match[0].length;
        if (!match[0].length) separator.lastIndex++;
      }
      word(piece.length);
      return out;
    }).join("");
  }

  // The top-level elements of a text (a paragraph, a list, a code block), so a result shows where it matched.
  function blocks(html) {
    var out = [], depth = 0, start = 0, tag = /<(\/?)[a-zA-Z][^>]*?(\/?)>/g, m;
    while ((m = tag.exec(html)) !== null) {
      if (m[1]) {
        depth = Math.max(0, depth - 1);
        if (!depth) { out.push(html.slice(start, tag.lastIndex)); start = tag.lastIndex; }
      } else if (!m[2]) {
        if (!depth && m.index > start) { out.push(html.slice(start, m.index)); start = m.index; }
        depth++;
      }
    }
    if (start < html.length) out.push(html.slice(start));
    return out.filter(function (b) { return b.trim(); });
  }

  // A word's form in the index (stemmed when the site stems), to tell which found word a fuzzy word matched.
  function indexed(word) {
    return site.stemmed ? lunr.stemmer(new lunr.Token(word, {})).toString() : word;
  }
  function oneOff(a, b) {  // edit distance at most 1
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a.charAt(i) === b.charAt(i)) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
  }

  function search(query) {
    query = query.trim();
    var index = site.index, docs = site.docs;
    function run(list) {
      return list.length ? index.query(function (q) {
        list.forEach(function (c) {
          var clause = Object.assign({}, c);
          delete clause.near;
          delete clause.shown;
          delete clause.alias;
          q.clause(clause);
        });
      }) : [];
    }
    // hyphenated words as phrases; if that finds nothing, as separate words; then one letter off
    var asked = clauses(query, true, false), results = run(asked);
    if (!results.length) results = run(asked = clauses(query, false, false));
    if (!results.length) results = run(asked = clauses(query, false, true));
    if (!asked.length) return { items: [] };
    var wanted = asked.filter(function (c) {
      return c.presence !== lunr.Query.presence.PROHIBITED && c.shown;
    });
    // the numbers typed whole ("750" of "750 mg/m2"): a result with more of them ranks first, whatever its
    // other words score (the ward trial: pages whose dose tags had "mg" and "m²" but not 750 outranked the
    // one page that has 750 mg/m2, cyclophosphamide's, saying the sources give no such dose)
    var numbers = wanted.map(function (c) { return c.shown; }).filter(function (w, i, all) {
      return /^\d+(\.\d+)?$/.test(w) && all.indexOf(w) === i;
    });
    // each number typed with its unit ("15 mg/kg"), and whether a result's dose tags give it: that number
    // or a range holding it, in that unit (per day or week) (ward-5: "15 mg/kg" listed methotrexate's
    // "15 mg once weekly" first and not IV methylprednisolone's 10–20 mg/kg/day)
    var doses = [], dose, typed = /(^|\s)(\d+(?:\.\d+)?) ?([a-zµ][a-zµ²\d]*(?:\/[a-zµ²\d]+)*)/gi;
    while ((dose = typed.exec(query))) {
      doses.push({ n: dose[2], unit: dose[3].toLowerCase().replace(/m2$/, "m²") });
    }
    function gives(tags, d) {
      return (tags || []).some(function (tag) {
        var m = /^(\d+(?:\.\d+)?)(?:–(\d+(?:\.\d+)?))? (\S+)/.exec(tag);
        return m !== null && Number(m[1]) <= Number(d.n) && Number(d.n) <= Number(m[2] || m[1]) &&
          [d.unit, d.unit + "/day", d.unit + "/week"].indexOf(m[3].toLowerCase()) >= 0;
      });
    }
    var units = doses.map(function (d) { return d.unit; });
    var items = [];
    results.forEach(function (result) {
      var source = docs.get(result.ref);
      if (!source) return;
      var doc = Object.assign({}, source);
      var matched = Object.keys(result.matchData.metadata), found = new Set(matched);
      var terms = {};  // each word asked: found in this result, or missing (stop words are not listed)
      wanted.forEach(function (c) {
        var stem = c.near ? indexed(c.shown) : "";
        var asWord = c.alias || c.shown;
        if (matched.some(function (t) { return c.near ? oneOff(t, stem) : t.indexOf(asWord) === 0; })) {
          terms[c.shown] = true;
        } else if (!(c.shown in terms) && lunr.stopWordFilter(c.shown)) terms[c.shown] = false;
      });
      doc.title = marked(doc.title, found);
      if (doc.text) {
        var text = marked(doc.text, found);
        var hits = blocks(text).filter(function (b) { return b.indexOf("<mark>") >= 0; }).slice(0, 2);
        doc.text = hits.length ? hits.join("") : text;
      }
      if (doc.tags) doc.tags = doc.tags.slice();
      var asks = Object.keys(terms).length;
      var has = Object.keys(terms).filter(function (t) { return terms[t]; }).length;
      // a page above its sections, and results with every word asked above the others
      var boost = (doc.parent ? 0 : 1) + (asks ? has / asks : 0);
      delete doc.parent;
      doc.score = result.score * (1 + boost * boost);
      // a number counts when the result has it, or a dose tag's range holds it ("15 mg/kg": IV
      // methylprednisolone's 10–20 mg/kg/day, ward-5); never for a page ranked below the clinical ones (a
      // notebook's worked example with the weight typed listed above the calculator, ward-5)
      // a page for developers (ranks in search_terms.yml) after every other page that matches, whatever
      // its numbers or words (ward-5: a notebook's worked example with the weight typed, 62 kg, came first)
      var clinical = source.boost === undefined || source.boost >= 1;
      doc.developer = source.boost !== undefined && source.boost < 0.01 ? 1 : 0;
      var given = doses.filter(function (d) { return gives(source.tags, d); });
      // a number a tag's range holds counts as found (it is not a word of the page: "15" of 10–20 mg/kg/day)
      var ranged = given.filter(function (d) { return terms[d.n] === false; }).length;
      doc.doses = clinical ? given.length : 0;
      doc.numbers = clinical ? numbers.filter(function (n) { return matched.indexOf(n) >= 0; }).length + ranged : 0;
      doc.terms = terms;
      doc.has = has + ranged;
      // the whole query is a name the ward types for what this section is about (ward-5: "prednisolone"
      // listed the methotrexate page first, "DEXA" dexamethasone's, "breast abscess" the Sources)
      doc.named = clinical && source.names && source.names.has(plain(query)) ? 1 : 0;
      // words asked that are in the title ("methylprednisolone 62 kg": the IV methylprednisolone page, not
      // the pages whose dose tags have kg)
      doc.titled = wanted.filter(function (c) {  // words, not numbers or units: "15" is not "152.4 cm"
        var asWord = c.alias || c.shown;
        var unit = units.some(function (u) { return u === asWord || u.split("/").indexOf(asWord) >= 0; });
        return !/^\d/.test(asWord) && !unit && matched.some(function (t) {
          return t.indexOf(asWord) === 0 && result.matchData.metadata[t].title;
        });
      }).length;
      items.push(doc);
    });
    // then a result with more of the words asked ("breast abscess": the IGM guideline above the Sources
    // page, whose section titles have "breast" alone, ward-5)
    items.sort(function (a, b) {
      return (a.developer - b.developer) || (b.doses - a.doses) || (b.named - a.named) ||
        (b.numbers - a.numbers) || (b.has - a.has) || (b.titled - a.titled) || (b.score - a.score);
    });
    items.forEach(function (item) {
      ["developer", "doses", "named", "numbers", "has", "titled", "names"].forEach(function (key) { delete item[key]; });
    });
    var groups = new Map();
    items.forEach(function (item) {
      var page = item.location.split("#")[0];
      if (!groups.has(page)) groups.set(page, []);
      groups.get(page).push(item);
    });
    groups.forEach(function (group, page) {  // every group carries its page
      if (!group.some(function (item) { return item.location === page; }) && docs.has(page)) {
        var article = Object.assign({}, docs.get(page), { score: 0, terms: {} });
        delete article.parent;
        delete article.names;
        group.push(article);
      }
    });
    var out = { items: Array.from(groups.values()) };
    if (site.suggest) {
      var titles = index.query(function (q) {
        wanted.forEach(function (c) {
          q.term(c.shown, { fields: ["title"], presence: lunr.Query.presence.REQUIRED,
                            wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
        });
      });
      out.suggest = titles.length ? Object.keys(titles[0].matchData.metadata) : [];
    }
    return out;
  }

  // The theme's script sends the index when it starts, at the reader's first interaction with the page
  // (partials/theme-on-demand.html), search or not. The build leaves in that index the configuration and
  // the address of the pages' text (config.text, igm_iim_site/search_split.py), fetched here at the first
  // query, when the index is built: a reader who never searches pays for neither. The file:// archive
  // sends the whole index (docs), as the theme's own worker receives it.
  var pending = null, building = null;
  var queue = Promise.resolve();  // answers in the order the questions came
  addEventListener("message", function (event) {
    loaded.then(function () { answer(event.data); });
  });

  function withText(data) {
    if (data.docs.length || !data.config.text) return Promise.resolve(data);
    var url = new URL(data.config.text, new URL("../../", here())).href;
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    }).then(function (text) {
      return { config: data.config, docs: text.docs, options: data.options };
    });
  }

  function answer(message) {
    if (message.type === SETUP) {
      pending = message.data;
      building = null;
      site = null;
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var query = String(message.data);
      queue = queue.then(function () {
        if (!query.trim()) return { items: [] };  // the empty box (sent when search opens): nothing to build
        if (!building) {
          building = withText(pending).then(setup).catch(function (error) {
            building = null;  // the next query tries again (the text may come back with the network)
            throw error;
          });
        }
        return building.then(function () { return search(query); });
      }).catch(function (error) {  // never a silent "no results": the console says why (tests fail on it)
        console.error("search failed for " + JSON.stringify(query) + ": " + error);
        return { items: [] };
      }).then(function (result) {
        postMessage({ type: RESULT, data: result });
      });
    }
  }
})();
