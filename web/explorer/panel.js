// The side panel for the selected node: an author's profile (metrics, trust with its signals and
// formula, collaborators, suggestions, actions), a work's record, a topic, an institution, a source.
import * as api from "./api.js";
import { clear, fmt, h, safeUrl } from "./dom.js";
import { KINDS } from "./graph.js";

const BAND_CLASS = { UNVERIFIED: "band-0", EMERGING: "band-1", ESTABLISHED: "band-2", TRUSTED: "band-3" };

function metric(label, value, testid) {
    return h("div", { class: "metric" }, h("span", { class: "metric-value", testid }, value),
             h("span", { class: "metric-label" }, label));
}

function section(title, ...children) {
    return h("section", {}, h("h3", {}, title), ...children);
}

function personLink(author, go, extra) {
    return h("li", {}, h("a", { href: `?focus=${encodeURIComponent(author.id)}`, dataset: { id: author.id },
                                onclick: (e) => { e.preventDefault(); go(author.id, "AUTHOR"); } }, author.name),
             extra ? h("span", { class: "muted" }, ` ${extra}`) : null);
}

function percent(x) {
    return x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`;
}

function header(kind, title, subtitle) {
    return h("header", { class: "panel-head" },
        h("span", { class: `kind-badge kind-${kind.toLowerCase()}` }, KINDS[kind].label),
        h("h2", { testid: "panel-title" }, title), subtitle ? h("p", { class: "muted" }, subtitle) : null);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
    el.append(...children);
    return el;
}

/** Works and citations per year as paired bars, each scaled to its own maximum. */
function yearsBlock(counts) {
    const years = counts.years;
    if (!years.length) return null;
    const width = 360;
    const height = 90;
    const step = width / years.length;
    const top = { works: Math.max(1, ...years.map((y) => y.works)),
                  citations: Math.max(1, ...years.map((y) => y.citations)) };
    const bars = years.map((y, i) => {
        const w = (y.works / top.works) * (height - 14);
        const c = (y.citations / top.citations) * (height - 14);
        const title = svg("title", {}, `${y.year}: ${y.works} works, ${y.citations} citations`);
        return svg("g", { "data-year": y.year, "data-works": y.works, "data-citations": y.citations }, title,
            svg("rect", { x: i * step + 1, y: height - 12 - w, width: Math.max(1, step / 2 - 1), height: w,
                          class: "bar-works" }),
            svg("rect", { x: i * step + step / 2, y: height - 12 - c, width: Math.max(1, step / 2 - 1), height: c,
                          class: "bar-citations" }));
    });
    const first = years[0].year;
    const last = years[years.length - 1].year;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "years-chart", role: "img",
                               "aria-label": `works and citations per year, ${first} to ${last}` },
        ...bars,
        svg("text", { x: 0, y: height - 1, class: "axis" }, String(first)),
        svg("text", { x: width, y: height - 1, class: "axis", "text-anchor": "end" }, String(last)));
    const note = counts.citationsWithoutYear
        ? `${fmt.format(counts.citationsWithoutYear)} citations known only as a total (their citing works are not `
          + "in the graph)." : null;
    return section("By year", h("div", { testid: "counts-by-year" }, chart),
        h("p", { class: "muted legend-years" }, h("i", { class: "swatch bar-works-swatch" }), " works ",
          h("i", { class: "swatch bar-citations-swatch" }), " citations", note ? h("br") : null, note));
}

function trustBlock(trust) {
    const rows = trust.signals.map((s) => h("tr", {},
        h("td", {}, s.name.replaceAll("_", " ")), h("td", { class: "num" }, s.value.toFixed(2)),
        h("td", { class: "num" }, `× ${s.weight}`), h("td", { class: "num" }, `= ${s.contribution.toFixed(1)}`),
        h("td", { class: "muted" }, s.detail)));
    const total = trust.signals.reduce((sum, s) => sum + s.contribution, 0);
    return section("Trust",
        h("p", {}, h("span", { class: `trust ${BAND_CLASS[trust.band]}`, testid: "trust-score" }, trust.label),
          ` · Verification ${trust.verificationLevel}`),
        h("table", { class: "signals" }, h("tbody", {}, rows)),
        h("p", { class: "formula" }, `score = round(Σ value × weight) = round(${total.toFixed(1)}) = ${trust.score}`));
}

function actions(author, profile, status) {
    const signedIn = Boolean(api.token());
    const say = (text, ok = true) => clear(status, h("span", { class: ok ? "ok" : "error" }, text));
    const attempt = (fn) => async () => {
        say("…");
        try {
            say(await fn());
        } catch (err) {
            say(err.message, false);
        }
    };
    let following = false;
    const followButton = h("button", { testid: "follow", disabled: !signedIn }, "Follow");
    followButton.addEventListener("click", attempt(async () => {
        const result = await api.follow(author.id, !following);
        following = result.following;
        followButton.textContent = following ? "Unfollow" : "Follow";
        return `${following ? "Following" : "Not following"} · ${fmt.format(result.followersCount)} followers`;
    }));
    const evidence = h("input", { type: "text", placeholder: "Evidence (a link, an ORCID…)", testid: "claim-evidence",
                                  "aria-label": "Evidence for the claim" });
    const claimButton = h("button", { testid: "claim", disabled: !signedIn || profile.claimStatus === "VERIFIED" },
                          "Claim this profile");
    claimButton.addEventListener("click", attempt(async () => {
        const claim = await api.claim(author.id, evidence.value.trim());
        return `Claim ${claim.id}: ${claim.status.toLowerCase()}`;
    }));
    const message = h("input", { type: "text", placeholder: `Message to ${author.name}`, testid: "invite-message",
                                 "aria-label": "Invitation message" });
    const inviteButton = h("button", { testid: "invite", disabled: !signedIn || !profile.claimed },
                           "Invite to collaborate");
    inviteButton.addEventListener("click", attempt(async () => {
        const invitation = await api.invite(author.id, message.value.trim());
        return `Invitation ${invitation.id}: ${invitation.status.toLowerCase()}`;
    }));
    const why = !signedIn ? "Add an API token (top right) to follow, claim or invite."
        : !profile.claimed ? "Invitations open once the author has claimed this profile." : "";
    return h("div", { class: "actions" }, followButton, h("div", { class: "action-row" }, claimButton, evidence),
             h("div", { class: "action-row" }, inviteButton, message), why ? h("p", { class: "muted" }, why) : null);
}

// profile.possibleMerge: shown only when the profile looks like several people (docs/api.md).
function mergeWarning(merge) {
    if (!merge || !merge.likely) return null;
    const groups = merge.clusters.slice(0, merge.people).map((c) => {
        const years = c.firstYear ? (c.firstYear === c.lastYear ? ` ${c.firstYear}` : ` ${c.firstYear}–${c.lastYear}`)
            : "";
        const topics = c.topics.slice(0, 2).map((t) => t.topic.name).join(", ") || "no topic known";
        return h("li", {}, `${c.works} works${years}: ${topics}`);
    });
    return h("div", { class: "merge-warning", testid: "merge-warning", role: "note" },
        h("strong", {}, `This profile may be ${merge.people} people`),
        h("span", { class: "muted" }, ` (score ${merge.score.toFixed(2)})`),
        h("ul", {}, groups),
        h("details", {}, h("summary", {}, "Why"), h("ul", {}, merge.evidence.map((e) => h("li", {}, e)))));
}

function authorView(data, go) {
    const { author, closeCollaborators: close, suggestedCollaborators: suggested } = data;
    if (!author) return [h("p", {}, "This author is not in the graph.")];
    const p = author.profile;
    const affiliation = p.currentAffiliations.map((a) => a.institution.name).join("; ") || "Affiliation not imported";
    const status = h("p", { class: "action-status", testid: "action-status", role: "status" });
    const claim = p.claimStatus ? `claimed (${p.claimStatus.toLowerCase()})` : "unclaimed";
    return [
        header("AUTHOR", author.name, affiliation),
        h("p", { class: "muted" }, `${claim}`, author.orcid ? ` · ORCID ${author.orcid}` : "",
          author.openalexId ? ` · ${author.openalexId}` : ""),
        h("p", { class: "chips" },
          p.primaryCategory ? h("span", { class: "chip", testid: "primary-category",
                                          title: `${p.primaryCategory.name}: ${p.primaryCategory.works} works `
                                                 + `(${percent(p.primaryCategory.share)})` }, p.primaryCategory.label)
            : null,
          h("span", { class: "chip", testid: "ai-score", title: `AI score: ${p.aiScore.formula}` },
            `AI ${p.aiScore.score}`)),
        h("div", { class: "metrics" },
            metric("works", fmt.format(p.counts.works), "metric-works"),
            metric("citations", fmt.format(p.counts.citations), "metric-citations"),
            metric("h-index", p.hIndex, "metric-h-index"),
            metric("i10", p.i10Index, "metric-i10"),
            metric("novelty", percent(p.novelty), "metric-novelty"),
            metric("followers", fmt.format(p.counts.followers), "metric-followers"),
            metric("topics", fmt.format(p.counts.topics), "metric-topics"),
            metric("collaborators", fmt.format(p.counts.collaborators), "metric-collaborators")),
        mergeWarning(p.possibleMerge),
        actions(author, p, status), status,
        yearsBlock(p.countsByYear),
        trustBlock(p.trust),
        p.topTopics.length ? section("Main topics", h("ul", {}, p.topTopics.map((t) =>
            h("li", {}, t.topic.name, h("span", { class: "muted" }, ` ${t.works} works`))))) : null,
        section("Close collaborators", close && close.length
            ? h("ul", { testid: "close-collaborators" }, close.map((c) => personLink(c.author, go,
                `${c.sharedWorks} shared works${c.firstYear ? `, ${c.firstYear}–${c.lastYear}` : ""}`)))
            : h("p", { class: "muted" }, "No coauthors in the graph.")),
        section("Suggested collaborators", suggested && suggested.length
            ? h("ul", { testid: "suggested-collaborators" }, suggested.map((s) => h("li", {},
                h("a", { href: `?focus=${encodeURIComponent(s.author.id)}`,
                         onclick: (e) => { e.preventDefault(); go(s.author.id, "AUTHOR"); } }, s.author.name),
                h("span", { class: "muted" }, ` score ${s.score.toFixed(2)}`),
                h("ul", { class: "reasons" }, s.reasons.map((r) => h("li", {}, r))))))
            : h("p", { class: "muted" }, "No suggestions.")),
    ];
}

function workView(data, go) {
    const { work, similarWorks } = data;
    if (!work) return [h("p", {}, "This work is not in the graph.")];
    const shown = work.authors.map((a) => a.author);
    const more = work.authorCount - shown.length;
    const when = work.publicationDate || work.year || "date unknown";
    const links = [
        work.doi ? h("a", { href: `https://doi.org/${work.doi.replace(/^https?:\/\/doi\.org\//, "")}`,
                           target: "_blank", rel: "noopener" }, "DOI") : null,
        work.arxivId ? h("a", { href: `https://arxiv.org/abs/${work.arxivId}`, target: "_blank", rel: "noopener" },
                         "arXiv") : null,
        work.hasCode && safeUrl(work.codeUrl) ? h("a", { href: safeUrl(work.codeUrl), target: "_blank",
                                                         rel: "noopener", class: "code-badge", testid: "code-badge" },
                                                      "Code")
            : work.hasCode ? h("span", { class: "code-badge", testid: "code-badge" }, "Code") : null,
    ].filter(Boolean);
    return [
        header("WORK", work.title || work.id, `${work.type || "work"} · ${when}`
            + (work.source ? ` · ${work.source.name}` : "")),
        h("p", { class: "byline" }, shown.map((a, i) => [i ? ", " : "", h("a", {
            href: `?focus=${encodeURIComponent(a.id)}`, onclick: (e) => { e.preventDefault(); go(a.id, "AUTHOR"); },
        }, a.name)]), more > 0 ? ` et al. (${more} more)` : ""),
        h("div", { class: "metrics" },
            metric("citations", fmt.format(work.citedByCount ?? 0), "metric-citations"),
            metric("novelty", percent(work.novelty), "metric-novelty")),
        work.categories.length ? h("p", { class: "chips" }, work.categories.map((c) => h("span", { class: "chip" }, c)))
            : null,
        links.length ? h("p", { class: "links" }, links.map((l, i) => [i ? " · " : "", l])) : null,
        work.topics.length ? section("Topics", h("ul", {}, work.topics.map((t) =>
            h("li", {}, t.topic.name, t.primary ? h("span", { class: "muted" }, " (primary)") : null)))) : null,
        section("Abstract", h("p", { class: "abstract" }, work.abstract || "No abstract in the graph.")),
        section("Similar works", similarWorks && similarWorks.length
            ? h("ul", { testid: "similar-works" }, similarWorks.map((s) => h("li", {},
                h("a", { href: `?focus=${encodeURIComponent(s.work.id)}`,
                         onclick: (e) => { e.preventDefault(); go(s.work.id, "WORK"); } }, s.work.title || s.work.id),
                h("span", { class: "muted" }, ` ${s.work.year ?? ""} · ${s.score.toFixed(2)}`))))
            : h("p", { class: "muted" }, "No similar works linked (scholargraph link).")),
    ];
}

function topicView({ topic }) {
    if (!topic) return [h("p", {}, "This topic is not in the graph.")];
    return [
        header("TOPIC", topic.name, [topic.level, topic.scheme].filter(Boolean).join(" · ")),
        topic.parent ? h("p", {}, "Part of ", topic.parent.name) : null,
        topic.description ? h("p", {}, topic.description) : null,
        topic.keywords.length ? h("p", { class: "chips" }, topic.keywords.map((k) => h("span", { class: "chip" }, k)))
            : null,
    ];
}

function institutionView({ institution: i }) {
    if (!i) return [h("p", {}, "This institution is not in the graph.")];
    return [header("INSTITUTION", i.name, [i.type, i.country].filter(Boolean).join(" · ")),
        i.ror ? h("p", {}, safeUrl(i.ror) ? h("a", { href: safeUrl(i.ror), target: "_blank", rel: "noopener" }, i.ror)
            : `ROR ${i.ror}`) : null];
}

function sourceView({ source: s }) {
    if (!s) return [h("p", {}, "This source is not in the graph.")];
    return [header("SOURCE", s.name, [s.type, s.publisher].filter(Boolean).join(" · ")),
        s.issnL ? h("p", {}, `ISSN-L ${s.issnL}`) : null];
}

const VIEWS = {
    AUTHOR: [api.authorPanel, authorView],
    WORK: [api.workPanel, workView],
    TOPIC: [api.topicPanel, topicView],
    INSTITUTION: [api.institutionPanel, institutionView],
    SOURCE: [api.sourcePanel, sourceView],
};

let shownId = null;

/** Shows node `id` of `kind` in `root`; `go(id, kind)` centres the graph on another node. */
export async function showNode(root, id, kind, go) {
    shownId = id;
    const [load, view] = VIEWS[kind];
    root.dataset.nodeId = id;
    root.dataset.state = "loading";
    clear(root, h("p", { class: "muted" }, "Loading…"));
    try {
        const data = await load(id);
        if (shownId !== id) return; // another node was picked meanwhile
        clear(root, view(data, go));
        root.dataset.state = "ready";
    } catch (err) {
        if (shownId !== id) return;
        clear(root, h("p", { class: "error" }, err.message));
        root.dataset.state = "error";
    }
}

export function showWelcome(root, content) {
    shownId = null;
    delete root.dataset.nodeId;
    root.dataset.state = "empty";
    clear(root, content);
}
