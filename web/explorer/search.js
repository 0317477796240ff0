// Typeahead over the API's prefix search: every word must match, the last as a prefix. Each
// result shows what tells homonyms apart: an author's institution and works; a work's year.
import * as api from "./api.js";
import { clear, debounce, fmt, h } from "./dom.js";

function describe(hit) {
    const node = hit.node;
    if (hit.kind === "AUTHOR") {
        const affiliations = node.profile.currentAffiliations.map((a) => a.institution.name);
        const counts = node.profile.counts;
        return {
            title: node.name,
            detail: `${affiliations.join("; ") || "Affiliation not imported"} · ${fmt.format(counts.works)} works`
                + ` · ${fmt.format(counts.citations)} citations`,
        };
    }
    const authors = node.authorCount === 1 ? "1 author" : `${fmt.format(node.authorCount)} authors`;
    return { title: node.title || node.id, detail: `Work · ${node.year ?? "year unknown"} · ${authors}` };
}

/** A search box. `onPick(hit)` receives {kind, id, name}. `kinds` limits what is searched. */
export function typeahead({ testid, placeholder, kinds, onPick, label }) {
    const input = h("input", { type: "search", placeholder, testid, autocomplete: "off", "aria-label": label,
                               role: "combobox", "aria-expanded": "false", spellcheck: "false" });
    const list = h("ul", { class: "typeahead-list", role: "listbox", hidden: true });
    const box = h("div", { class: "typeahead" }, input, list);
    let hits = [];
    let active = -1;
    let asked = 0;

    function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        active = -1;
    }

    function pick(hit) {
        close();
        const name = hit.kind === "AUTHOR" ? hit.node.name : hit.node.title;
        input.value = name || hit.node.id;
        onPick({ kind: hit.kind, id: hit.node.id, name: input.value });
    }

    function highlight(i) {
        active = i;
        [...list.children].forEach((li, j) => li.classList.toggle("active", j === i));
    }

    function show(items, message) {
        clear(list);
        if (message) list.append(h("li", { class: "typeahead-message" }, message));
        items.forEach((hit) => {
            const { title, detail } = describe(hit);
            list.append(h("li", { testid: "search-result", role: "option", class: `kind-${hit.kind.toLowerCase()}`,
                                  dataset: { id: hit.node.id, kind: hit.kind },
                                  onmousedown: (e) => { e.preventDefault(); pick(hit); } },
            h("span", { class: "typeahead-title" }, title), h("span", { class: "typeahead-detail" }, detail)));
        });
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
    }

    const run = debounce(async () => {
        const text = input.value.trim();
        const ticket = ++asked;
        if (text.length < 2) return close();
        show([], "Searching…");
        try {
            const found = await api.search(text, kinds);
            if (ticket !== asked) return; // a newer keystroke's answer wins
            hits = found;
            active = -1;
            show(found, found.length ? null : `Nothing matches "${text}".`);
        } catch (err) {
            if (ticket === asked) show([], err.message);
        }
    }, 180);

    input.addEventListener("input", run);
    input.addEventListener("blur", () => setTimeout(close, 100));
    input.addEventListener("keydown", (e) => {
        if (list.hidden || !hits.length) return;
        if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(hits.length - 1, active + 1)); }
        else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(0, active - 1)); }
        else if (e.key === "Enter") { e.preventDefault(); pick(hits[Math.max(0, active)]); }
        else if (e.key === "Escape") close();
    });
    return { element: box, input, set(value) { input.value = value; } };
}
