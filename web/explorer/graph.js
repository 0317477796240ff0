// The graph: Cytoscape.js with the fCoSE layout (force-directed, built for networks of hundreds
// of nodes). Node shape and colour by kind, size by weight within its kind, edge width by weight.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";

cytoscape.use(fcose);

export const KINDS = {
    AUTHOR: { label: "Researcher", colour: "#2563eb", shape: "ellipse" },
    WORK: { label: "Work", colour: "#ea8a0c", shape: "round-rectangle" },
    TOPIC: { label: "Topic", colour: "#16a34a", shape: "diamond" },
    INSTITUTION: { label: "Institution", colour: "#9333ea", shape: "hexagon" },
    SOURCE: { label: "Source", colour: "#64748b", shape: "triangle" },
};

export const EDGE_LABELS = {
    AUTHORED: "authored",
    COAUTHOR: "shared works",
    HAS_TOPIC: "topic",
    WORKS_ON: "works in topic",
    AFFILIATED_WITH: "years affiliated",
    CITES: "cites",
    PUBLISHED_IN: "published in",
    SUBTOPIC_OF: "subtopic of",
    SIMILAR_TO: "similarity",
};

// Edges whose weight means something to a reader get it printed on them.
const WEIGHTED = new Set(["COAUTHOR", "WORKS_ON", "AFFILIATED_WITH", "SIMILAR_TO"]);

function shortLabel(text, max = 38) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function edgeText(edge) {
    if (!WEIGHTED.has(edge.kind)) return "";
    return edge.kind === "SIMILAR_TO" ? edge.weight.toFixed(2) : String(Math.round(edge.weight));
}

const STYLE = [
    {
        selector: "node",
        style: {
            label: "data(short)",
            "font-size": 10,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": 140,
            // zoomed out over hundreds of nodes, unreadable labels are skipped instead of piling up
            "min-zoomed-font-size": 7,
            color: "#1e293b",
            "text-outline-color": "#fff",
            "text-outline-width": 2,
            width: "data(size)",
            height: "data(size)",
            "border-width": 1,
            "border-color": "#fff",
        },
    },
    ...Object.entries(KINDS).map(([kind, k]) => ({
        selector: `node[kind = "${kind}"]`,
        style: { "background-color": k.colour, shape: k.shape },
    })),
    { selector: "node[?center]", style: { "border-width": 4, "border-color": "#0f172a", "font-weight": "bold" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#f43f5e" } },
    { selector: "node.expanded", style: { "border-style": "double" } },
    { selector: "node.on-path", style: { "border-width": 4, "border-color": "#f43f5e" } },
    {
        selector: "edge",
        style: {
            width: "data(width)",
            "line-color": "#cbd5e1",
            "curve-style": "bezier",
            opacity: 0.85,
            label: "data(text)",
            "font-size": 8,
            color: "#475569",
            "text-background-color": "#fff",
            "text-background-opacity": 0.8,
            "text-background-padding": 1,
            "min-zoomed-font-size": 7,
        },
    },
    { selector: 'edge[kind = "COAUTHOR"]', style: { "line-color": "#93c5fd" } },
    { selector: 'edge[kind = "SIMILAR_TO"]', style: { "line-style": "dashed", "line-color": "#fdba74" } },
    { selector: 'edge[kind = "CITES"]', style: { "target-arrow-shape": "triangle", "target-arrow-color": "#cbd5e1" } },
    { selector: "edge.on-path", style: { "line-color": "#f43f5e", width: 5 } },
];

export function createGraph(container) {
    return cytoscape({
        container,
        style: STYLE,
        minZoom: 0.1,
        maxZoom: 3,
        wheelSensitivity: 0.3,
        // Below this zoom labels and edge labels are skipped while panning: smooth at 300+ nodes.
        hideEdgesOnViewport: false,
        textureOnViewport: true,
        pixelRatio: 1,
    });
}

// Node sizes scale by weight within each kind (a work's citations and a topic's works are in
// different units), from 18 to 54 px, by square root so one outlier does not flatten the rest.
function sized(cy) {
    const top = {};
    cy.nodes().forEach((n) => {
        const kind = n.data("kind");
        top[kind] = Math.max(top[kind] || 0, n.data("weight") || 0);
    });
    cy.batch(() => {
        cy.nodes().forEach((n) => {
            const max = top[n.data("kind")] || 1;
            const ratio = Math.sqrt(Math.max(0, n.data("weight") || 0) / max);
            n.data("size", n.data("center") ? 60 : 18 + 36 * ratio);
        });
    });
}

/** Adds a slice's nodes and edges (ids are stable: ones already drawn are kept). Returns the
 * collection of elements added. `around` places new nodes next to the node they came from. */
export function merge(cy, slice, around = null) {
    const fresh = [];
    const origin = around ? around.position() : null;
    slice.nodes.forEach((node, i) => {
        if (cy.getElementById(node.id).nonempty()) return;
        const data = { ...node, short: shortLabel(node.label || node.id), center: node.center && !around };
        const element = { group: "nodes", data };
        if (origin) {
            const angle = (2 * Math.PI * i) / Math.max(1, slice.nodes.length);
            element.position = { x: origin.x + 120 * Math.cos(angle), y: origin.y + 120 * Math.sin(angle) };
        }
        fresh.push(element);
    });
    slice.edges.forEach((edge) => {
        if (cy.getElementById(edge.id).nonempty()) return;
        const width = edge.kind === "COAUTHOR" ? Math.min(10, 1 + Math.log2(1 + edge.weight) * 1.5)
            : edge.kind === "SIMILAR_TO" ? 1 + 3 * Math.max(0, edge.weight) : 1.2;
        fresh.push({ group: "edges", data: { ...edge, width, text: edgeText(edge) } });
    });
    const added = cy.add(fresh);
    sized(cy);
    return added;
}

/** Lays the graph out; with `incremental`, nodes already placed start where they are. Resolves
 * when the layout has stopped. */
export function layout(cy, { incremental = false } = {}) {
    const large = cy.nodes().length > 150;
    // fCoSE: a spectral start then force-directed refinement. Placed nodes stay put when
    // incremental (which fCoSE allows only in "proof" quality), so an expansion does not
    // reshuffle what the reader has already looked at.
    const run = cy.layout({
        name: "fcose",
        quality: incremental ? "proof" : large ? "draft" : "default",
        randomize: !incremental,
        animate: incremental && !large,
        animationDuration: 300,
        fit: true,
        padding: 40,
        nodeDimensionsIncludeLabels: false,
        nodeRepulsion: () => 9000,
        idealEdgeLength: (edge) => (edge.data("kind") === "AUTHORED" ? 70 : 100),
        edgeElasticity: () => 0.45,
        // incremental: the placed nodes are already settled, a few hundred steps place the new ones
        numIter: incremental ? 400 : large ? 1500 : 2500,
        packComponents: true,
    });
    const done = new Promise((resolve) => run.one("layoutstop", resolve));
    run.run();
    return done;
}
