// The ScholarGraph explorer: search a researcher or a work, see it in context, expand any node,
// read its panel, find the coauthorship path between two researchers. Talks to /graphql only.
import "./style.css";

import * as api from "./api.js";
import { clear, fmt, h } from "./dom.js";
import { createGraph, EDGE_LABELS, KINDS, layout, merge } from "./graph.js";
import { showNode, showWelcome } from "./panel.js";
import { typeahead } from "./search.js";

// Slice sizes: the API's defaults are for a profile card; the explorer shows a little more.
const CONTEXT = { works: 15, collaborators: 15, topics: 6, institutions: 3 };
const CONTEXT_MAX = { works: 50, collaborators: 50, topics: 20, institutions: 10 };
const EXPAND_FIRST = 10;

// Every centring starts a new view; an answer that comes back for an older view is dropped.
let view = 0;

const timings = { firstDrawMs: null, lastCentreMs: null, lastExpandMs: null, lastLayoutMs: null, lastPanelMs: null };

/** Fills the panel for a node, timing it (window.explorer.timings, for benchmarks). */
async function panelFor(id, kind) {
    const started = performance.now();
    await showNode(panel, id, kind, go);
    timings.lastPanelMs = performance.now() - started;
}

// ---- the page ------------------------------------------------------------------------------

const status = h("div", { class: "overlay", testid: "graph-status", role: "status" });
const nodeCount = h("span", { testid: "graph-node-count" }, "0");
const edgeCount = h("span", { testid: "graph-edge-count" }, "0");
const graphBox = h("div", { class: "graph", testid: "graph" });
const panel = h("div", { class: "panel", testid: "node-panel", "aria-live": "polite" });
const featuredBox = h("section", { class: "featured", testid: "featured", hidden: true });
const pathResult = h("div", { class: "path-result", testid: "path-result", role: "status" });
const signedIn = h("span", { class: "muted", testid: "signed-in" });

const legend = h("div", { class: "legend", testid: "legend" },
    Object.entries(KINDS).map(([kind, k]) => h("span", { class: "legend-item" },
        h("i", { class: `swatch shape-${k.shape}`, style: `background:${k.colour}` }), k.label)),
    h("span", { class: "legend-item muted" }, "size: weight within its kind · edge width and number: shared works,"
      + " years, similarity"));

const search = typeahead({
    testid: "search-input", label: "Search researchers and works", kinds: ["AUTHOR", "WORK"],
    placeholder: "Search a researcher or a work…", onPick: (hit) => go(hit.id, hit.kind),
});

const path = { from: null, to: null };
const pathFrom = typeahead({ testid: "path-from", label: "Path from", kinds: ["AUTHOR"], placeholder: "From researcher…",
                             onPick: (hit) => { path.from = hit; } });
const pathTo = typeahead({ testid: "path-to", label: "Path to", kinds: ["AUTHOR"], placeholder: "To researcher…",
                           onPick: (hit) => { path.to = hit; } });
const pathButton = h("button", { testid: "path-find", onclick: () => findPath() }, "Find path");

const tokenInput = h("input", { type: "password", placeholder: "API token", testid: "token-input",
                                autocomplete: "off", "aria-label": "API token", value: api.token() });
tokenInput.addEventListener("change", () => {
    const value = tokenInput.value.trim();
    if (value === api.token()) return; // a blur after Enter: nothing new
    api.setToken(value);
    whoAmI();
    reshow();
});

document.getElementById("app").append(
    h("header", { class: "top" },
        h("a", { class: "brand", href: "/" }, "ScholarGraph"),
        search.element,
        h("details", { class: "path-box" }, h("summary", {}, "Path between two researchers"),
          h("div", { class: "path-form" }, pathFrom.element, pathTo.element, pathButton), pathResult),
        h("div", { class: "account" }, tokenInput, signedIn),
        h("a", { href: "/graphql", class: "ide-link" }, "GraphiQL")),
    h("main", {},
        h("div", { class: "canvas" }, graphBox, status, legend,
          h("div", { class: "counts" }, nodeCount, " nodes · ", edgeCount, " edges"),
          h("div", { class: "hint muted" }, "Click a node: details and neighbours · double-click: centre on it")),
        h("aside", { class: "sidebar" }, panel, featuredBox)));

const cy = createGraph(graphBox);

function setStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
}

function counted() {
    nodeCount.textContent = String(cy.nodes().length);
    edgeCount.textContent = String(cy.edges().length);
}

// ---- centring, expanding -----------------------------------------------------------------

function sizesFromUrl(params) {
    const sizes = { ...CONTEXT };
    for (const key of Object.keys(sizes)) {
        const value = Number.parseInt(params.get(key), 10);
        if (value > 0) sizes[key] = Math.min(value, CONTEXT_MAX[key]);
    }
    return sizes;
}

/** Centres the graph on a node: an author's researcher-in-context slice, any other node's
 * neighbours. Puts it in the URL so a link reopens the view. */
async function go(id, kind, { push = true } = {}) {
    const params = new URLSearchParams(location.search);
    if (push) {
        const next = new URLSearchParams({ focus: id });
        if (kind) next.set("kind", kind);
        for (const key of Object.keys(CONTEXT)) if (params.has(key)) next.set(key, params.get(key));
        history.pushState({ id, kind }, "", `?${next}`);
    }
    const started = performance.now();
    const mine = ++view;
    setStatus("Loading…");
    cy.elements().remove();
    counted();
    let slice = null;
    try {
        if (!kind || kind === "AUTHOR") slice = await api.researcherContext(id, sizesFromUrl(params));
        if (!slice && kind !== "AUTHOR") slice = await api.expand(id, EXPAND_FIRST);
    } catch (err) {
        if (mine === view) setStatus(err.message);
        return;
    }
    if (mine !== view) return;
    if (!slice || !slice.nodes.length) {
        setStatus(`Nothing in the graph has the id ${id}.`);
        showWelcome(panel, h("p", {}, `Nothing in the graph has the id ${id}. Search for a researcher or a work.`));
        return;
    }
    merge(cy, slice);
    const centre = cy.getElementById(id);
    centre.data("center", true);
    centre.addClass("expanded");
    counted();
    const laidOut = performance.now();
    await layout(cy);
    if (mine !== view) return;
    timings.lastLayoutMs = performance.now() - laidOut;
    setStatus(null);
    timings.lastCentreMs = performance.now() - started;
    if (timings.firstDrawMs === null) timings.firstDrawMs = performance.now();
    graphBox.dataset.centre = id;
    cy.$(":selected").unselect();
    centre.select();
    panelFor(id, centre.data("kind"));
}

async function expandNode(node) {
    if (node.hasClass("expanded") || node.hasClass("expanding")) return;
    node.addClass("expanding");
    const started = performance.now();
    const mine = view;
    setStatus(`Expanding ${node.data("label")}…`);
    try {
        const slice = await api.expand(node.id(), EXPAND_FIRST);
        if (mine !== view) return;
        const added = slice ? merge(cy, slice, node) : cy.collection();
        node.removeClass("expanding").addClass("expanded");
        counted();
        const fresh = added.nodes().length;
        if (fresh) await layout(cy, { incremental: true });
        timings.lastExpandMs = performance.now() - started;
        setStatus(null);
        if (!fresh) flash(`No more neighbours of ${node.data("label")}.`);
    } catch (err) {
        node.removeClass("expanding");
        if (mine === view) setStatus(err.message);
    }
}

function flash(text) {
    setStatus(text);
    setTimeout(() => { if (status.textContent === text) setStatus(null); }, 1800);
}

cy.on("tap", "node", (event) => {
    const node = event.target;
    panelFor(node.id(), node.data("kind"));
    expandNode(node);
});
cy.on("dbltap", "node", (event) => go(event.target.id(), event.target.data("kind")));
cy.on("mouseover", "edge", (event) => {
    const e = event.target.data();
    graphBox.title = `${EDGE_LABELS[e.kind]}: ${e.kind === "SIMILAR_TO" ? e.weight.toFixed(3) : e.weight}`;
});
cy.on("mouseout", "edge", () => { graphBox.title = ""; });

// ---- path between two researchers ----------------------------------------------------------

async function findPath() {
    if (!path.from || !path.to) {
        clear(pathResult, h("p", { class: "error" }, "Pick both researchers from the lists first."));
        return;
    }
    clear(pathResult, h("p", { class: "muted" }, "Looking for a path…"));
    let found;
    try {
        found = await api.collaborationPath(path.from.id, path.to.id);
    } catch (err) {
        clear(pathResult, h("p", { class: "error" }, err.message));
        return;
    }
    if (!found) {
        clear(pathResult, h("p", {}, `No chain of coauthors links ${path.from.name} to ${path.to.name} within 6 hops.`));
        return;
    }
    drawPath(found);
    const names = Object.fromEntries(found.authors.map((a) => [a.id, a.name]));
    pathResult.dataset.length = String(found.length);
    clear(pathResult,
        h("p", {}, `${found.length} ${found.length === 1 ? "hop" : "hops"}: `,
          found.authors.map((a, i) => [i ? " → " : "", h("strong", {}, a.name)])),
        h("ol", {}, found.hops.map((hop) => h("li", {},
            `${names[hop.source.id]} — ${names[hop.target.id]}: ${hop.sharedWorks} shared works`,
            hop.works.length ? h("span", { class: "muted" }, `, e.g. “${hop.works[0].title}”`) : null))));
}

function drawPath(found) {
    view += 1;
    cy.elements().remove();
    const nodes = found.authors.map((a, i) => ({ id: a.id, kind: "AUTHOR", label: a.name, weight: 1,
                                                   center: i === 0 || i === found.authors.length - 1 }));
    const edges = found.hops.map((hop) => ({ id: `PATH:${hop.source.id}:${hop.target.id}`, source: hop.source.id,
                                             target: hop.target.id, kind: "COAUTHOR", weight: hop.sharedWorks }));
    merge(cy, { nodes, edges });
    cy.elements().addClass("on-path");
    counted();
    graphBox.dataset.centre = "";
    cy.layout({ name: "breadthfirst", roots: [found.authors[0].id], directed: true, padding: 60,
                spacingFactor: 1.2 }).run();
    setStatus(null);
}

// ---- signing in, landing -------------------------------------------------------------------

async function whoAmI() {
    if (!api.token()) {
        signedIn.textContent = "";
        return;
    }
    try {
        const me = await api.me();
        signedIn.textContent = me ? `signed in as ${me.displayName}` : "token not recognised";
    } catch (err) {
        signedIn.textContent = err.message;
    }
}

function reshow() {
    const selected = cy.$("node:selected");
    if (selected.nonempty()) panelFor(selected.id(), selected.data("kind"));
}

async function land() {
    const params = new URLSearchParams(location.search);
    const focus = params.get("focus");
    if (focus) return go(focus, params.get("kind") || null, { push: false });
    setStatus("Loading…");
    let authors;
    try {
        authors = await api.mostConnected(8);
    } catch (err) {
        setStatus(err.message);
        return;
    }
    if (authors.length) await go(authors[0].id, "AUTHOR", { push: false });
    else {
        setStatus("The graph is empty: load data with `scholargraph load` or `scholargraph demo`.");
        showWelcome(panel, h("p", {}, "No researchers in the graph yet."));
        return;
    }
    const link = (a) => `?focus=${encodeURIComponent(a.id)}&kind=AUTHOR`;
    history.replaceState({ id: authors[0].id, kind: "AUTHOR" }, "", link(authors[0]));
    clear(featuredBox, h("h3", {}, "Most connected researchers"),
        h("ul", {}, authors.map((a) => h("li", {}, h("a", { href: link(a),
            onclick: (e) => { e.preventDefault(); go(a.id, "AUTHOR"); } }, a.name),
          h("span", { class: "muted" }, ` ${fmt.format(a.profile.counts.collaborators)} coauthors`)))));
    featuredBox.hidden = false;
}

window.addEventListener("popstate", () => {
    const params = new URLSearchParams(location.search);
    if (params.get("focus")) go(params.get("focus"), params.get("kind"), { push: false });
});

// For tests, benchmarks and anyone scripting the page.
window.explorer = {
    cy, timings, go,
    expand: (id) => expandNode(cy.getElementById(id)),
    // Lays the whole graph out again from scratch; resolves to the milliseconds it took.
    async relayout(name = "fcose") {
        const started = performance.now();
        if (name === "fcose" || name === "incremental") await layout(cy, { incremental: name === "incremental" });
        else await new Promise((resolve) => cy.layout({ name, animate: false, fit: true }).one("layoutstop", resolve).run());
        return performance.now() - started;
    },
};

whoAmI();
land();
