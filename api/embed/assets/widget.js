// <openpledges-pledge municipality="solvesborg" lang="sv|en" theme="light|dark|auto" compact>
// A municipality's citizen pledge from OpenPledges, in a shadow root. Plain JavaScript, no
// dependencies: it reads the JSON of /v1/municipalities/{id}/pledge from the origin it was
// loaded from, and shows the same words and markup as the iframe page /embed/{id}.
(() => {
  "use strict";
  const me = document.currentScript;
  const ORIGIN = new URL(me && me.src ? me.src : "/", location.href).origin;
  const STATUSES = ["planned", "in_progress", "completed", "cancelled", "unknown"];
  const ICONS = { planned: "○", in_progress: "◐", completed: "✓", cancelled: "✕", unknown: "?" };
  const TEXT = {
    sv: {
      pledge: "Medborgarlöfte", period: "Period", focusAreas: "Fokusområden", activities: "Aktiviteter",
      other: "Aktiviteter utan angivet fokusområde", none: "Inga aktiviteter registrerade.",
      sources: "Källor", more: "Mer om löftet", by: "Data: OpenPledges", newTab: "(öppnas i ny flik)",
      counts: "Aktiviteter per status", noPledge: "Inget medborgarlöfte registrerat ännu",
      agreements: "Se kommunens samverkansöverenskommelser", loading: "Hämtar medborgarlöftet …",
      unknown: "Kommunen finns inte i OpenPledges.", failed: "Medborgarlöftet kunde inte hämtas. Försök igen senare.",
      phase: { active: "Gäller nu", upcoming: "Kommande", ended: "Avslutat", undated: "Period ej angiven" },
      status: ["Planerad", "Pågår", "Genomförd", "Inställd", "Status okänd"],
    },
    en: {
      pledge: "Citizen pledge", period: "Period", focusAreas: "Focus areas", activities: "Activities",
      other: "Activities without a stated focus area", none: "No activities recorded.",
      sources: "Sources", more: "More about this pledge", by: "Data: OpenPledges", newTab: "(opens in a new tab)",
      counts: "Activities by status", noPledge: "No pledge recorded yet",
      agreements: "See the municipality's cooperation agreements", loading: "Loading the citizen pledge …",
      unknown: "The municipality is not in OpenPledges.", failed: "The citizen pledge could not be loaded. Try again later.",
      phase: { active: "Current", upcoming: "Upcoming", ended: "Ended", undated: "Period not stated" },
      status: ["Planned", "In progress", "Completed", "Cancelled", "Status unknown"],
    },
  };

  // One stylesheet for every instance: the page's own CSS, adopted (no inline style needed).
  let sheet;
  const styles = () =>
    (sheet ||= fetch(ORIGIN + "/assets/embed.css", { credentials: "omit" })
      .then((r) => (r.ok ? r.text() : ""))
      .catch(() => "")
      .then((css) => ":host{display:block}\n" + css));

  /** An element with attributes (null and false are left out) and children. */
  const h = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v != null && v !== false) e.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) if (c != null && c !== false) e.append(c);
    return e;
  };
  const sv = (tag, attrs, text) => h(tag, { ...attrs, lang: "sv" }, text);
  const newTab = (t) => h("span", { class: "op-hidden" }, " " + t.newTab);
  const link = (href, text, t, attrs) =>
    h("a", { href, target: "_blank", rel: "noopener", ...attrs }, text, newTab(t));
  const statusChip = (status, word, extra, attrs) =>
    h("span", { class: `op-status op-status-${status}`, ...attrs },
      h("span", { class: "op-icon", "aria-hidden": "true" }, ICONS[status] || "?"), ` ${word}${extra || ""}`);

  function activity(a, t) {
    const i = Math.max(0, STATUSES.indexOf(a.status));
    return h("li", { class: "op-act", "data-activity-id": a.id, "data-status": STATUSES[i] },
      sv("span", { class: "op-act-title" }, a.title), statusChip(STATUSES[i], t.status[i]));
  }

  function card(w, t, theme, compact) {
    const p = w.pledge;
    const acts = p.activities || [];
    const areas = p.focus_areas || [];
    const areaIds = new Set(areas.map((f) => f.id));
    const other = acts.filter((a) => !areaIds.has(a.focus_area_id));
    const counts = STATUSES.map((s, i) => [s, i, acts.filter((a) => a.status === s).length]).filter((c) => c[2]);
    const sources = (p.source_details || []).filter((s) => p.sources.includes(s.id));
    return h("article", { class: "op" + (compact ? " op-compact" : ""), "data-theme": theme, "data-pledge-id": p.id },
      h("header", { class: "op-head" },
        h("p", { class: "op-kicker" }, `${t.pledge} · `, sv("span", {}, w.municipality.name)),
        sv("h2", { class: "op-title" }, p.title),
        h("p", { class: "op-period" },
          h("span", { class: `op-phase op-phase-${w.phase}` }, t.phase[w.phase] || ""),
          p.period ? ` · ${t.period} ${p.period.label}` : null)),
      !compact && p.summary ? sv("p", { class: "op-summary" }, p.summary) : null,
      compact && counts.length
        ? h("ul", { class: "op-counts", "aria-label": t.counts },
            counts.map(([s, i, n]) => h("li", { class: `op-status op-status-${s}`, "data-count-status": s },
              h("span", { class: "op-icon", "aria-hidden": "true" }, ICONS[s]), ` ${t.status[i]}: ${n}`)))
        : null,
      areas.length ? [h("h3", { class: "op-h2" }, t.focusAreas),
        h("ul", { class: "op-areas" }, areas.map((f) =>
          h("li", { class: "op-area", "data-focus-area-id": f.id },
            sv("h4", { class: "op-area-title" }, f.title),
            !compact && f.description ? sv("p", { class: "op-desc" }, f.description) : null,
            (() => {
              const mine = acts.filter((a) => a.focus_area_id === f.id);
              return mine.length ? h("ul", { class: "op-acts" }, mine.map((a) => activity(a, t))) : null;
            })())))] : null,
      other.length ? [h("h3", { class: "op-h2" }, areas.length ? t.other : t.activities),
        h("ul", { class: "op-acts" }, other.map((a) => activity(a, t)))] : null,
      !areas.length && !other.length ? h("p", {}, t.none) : null,
      h("footer", { class: "op-foot" },
        sources.length ? h("p", { class: "op-sources" }, `${t.sources}: `,
          sources.map((s, i) => [s.url ? link(s.url, s.title, t, { lang: "sv" }) : sv("span", {}, s.title),
            i < sources.length - 1 ? "; " : null])) : null,
        h("p", { class: "op-links" }, link(ORIGIN + w.page, t.more, t), " · ", h("span", { class: "op-by" }, t.by))));
  }

  class OpenPledgesPledge extends HTMLElement {
    static get observedAttributes() {
      return ["municipality", "lang", "theme", "compact"];
    }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
    }

    connectedCallback() {
      this.load();
    }

    // Upgrading an element reports each attribute it already has: reload only on a real change
    // after the first load, or one element would fetch once per attribute.
    attributeChangedCallback(name, before, after) {
      if (this.ticket && before !== after) this.load();
    }

    async show(node) {
      const css = await styles();
      if ("adoptedStyleSheets" in this.shadowRoot && "replaceSync" in CSSStyleSheet.prototype) {
        const s = new CSSStyleSheet();
        s.replaceSync(css);
        this.shadowRoot.adoptedStyleSheets = [s];
        this.shadowRoot.replaceChildren(node);
      } else {
        this.shadowRoot.replaceChildren(h("style", {}, css), node);
      }
    }

    async load() {
      const ticket = (this.ticket = {});
      const lang = this.getAttribute("lang") === "en" ? "en" : "sv";
      const t = TEXT[lang];
      const theme = ["light", "dark"].includes(this.getAttribute("theme")) ? this.getAttribute("theme") : "auto";
      const compact = this.hasAttribute("compact") && this.getAttribute("compact") !== "false";
      const id = (this.getAttribute("municipality") || "").trim();
      const box = (attrs, ...children) => h("div", { class: "op", "data-theme": theme, lang, ...attrs }, ...children);
      await this.show(box({ class: "op op-loading", role: "status" }, t.loading));
      let res = null;
      let body = null;
      try {
        res = await fetch(`${ORIGIN}/v1/municipalities/${encodeURIComponent(id)}/pledge`, { credentials: "omit" });
        body = await res.json();
      } catch (e) {
        res = null;
      }
      if (ticket !== this.ticket) return;
      let node;
      if (res && res.ok && body) {
        node = card(body, t, theme, compact);
        node.setAttribute("lang", lang);
      } else if (res && body && body.code === "no_pledge") {
        node = box({ class: "op op-empty", "data-municipality-id": id },
          h("p", { class: "op-title" }, t.noPledge),
          h("p", {}, link(`${ORIGIN}/municipalities/${encodeURIComponent(id)}#agreements`, t.agreements, t)),
          h("p", { class: "op-foot" }, h("span", { class: "op-by" }, t.by)));
      } else {
        const known = res && (res.status === 404 || res.status === 400);
        node = box({ class: "op op-error", role: "alert" }, known ? t.unknown : t.failed);
      }
      await this.show(node);
    }
  }

  if (!customElements.get("openpledges-pledge")) customElements.define("openpledges-pledge", OpenPledgesPledge);
})();
