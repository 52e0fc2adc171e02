// The page of every paper: lists the site's data newest first, searches it with Pagefind,
// filters and sorts it, and keeps the view in the URL. Every request stays on this site.
const FIELDS = ["q", "section", "category", "from", "to", "min", "exclude", "sort", "code", "starred"];
const CHECKBOXES = new Set(["code", "starred"]);
const PAGE = 50;
const STARRED = "daily-papers.starred";
const READ = "daily-papers.read";
const THEME = "daily-papers.theme";
const $ = (id) => document.getElementById(id);
const site = (path) => new URL(path, document.baseURI).href;

let manifest = null;
let loaded = [];
let chunksLoaded = 0;
let view = null;
let generation = 0;
let selected = -1;
let typing = false;
let pagefindModule = null;

function marks(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "{}");
  } catch {
    return {};
  }
}

function saveMarks(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A browser that keeps nothing (private mode, full storage) still shows the page.
  }
}

function urlState() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FIELDS.map((name) => [name, params.get(name) || ""]));
}

function formState() {
  return Object.fromEntries(
    FIELDS.map((name) => {
      const control = $(name);
      if (CHECKBOXES.has(name)) return [name, control.checked ? "1" : ""];
      return [name, name === "sort" && control.value === "date" ? "" : control.value.trim()];
    }),
  );
}

function showState(state) {
  for (const name of FIELDS) {
    const control = $(name);
    if (CHECKBOXES.has(name)) control.checked = state[name] === "1";
    else control.value = state[name] || (name === "sort" ? "date" : "");
  }
  if (narrows(state)) $("more-filters").open = true;
}

function query(state) {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (state[name]) params.set(name, state[name]);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

function remember(push) {
  const target = query(formState());
  if (target === query(urlState())) return;
  if (push) history.pushState(null, "", target);
  else history.replaceState(null, "", target);
}

async function fetchJson(path, fresh) {
  const response = await fetch(site(path), fresh ? { cache: "no-store" } : {});
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function loadNextChunk() {
  const chunk = manifest.chunks[chunksLoaded];
  const papers = await fetchJson(chunk.file, false);
  // Another caller may have loaded it meanwhile.
  if (manifest.chunks[chunksLoaded] === chunk) {
    loaded = loaded.concat(papers);
    chunksLoaded += 1;
  }
}

async function loadEveryChunk() {
  const rest = manifest.chunks.slice(chunksLoaded);
  const bodies = await Promise.all(rest.map((chunk) => fetchJson(chunk.file, false)));
  if (chunksLoaded + rest.length === manifest.chunks.length && rest.length) {
    loaded = loaded.concat(...bodies);
    chunksLoaded = manifest.chunks.length;
  }
}

function pagefind() {
  pagefindModule ??= import(site(`${manifest.search.folder}pagefind.js`)).then(async (module) => {
    await module.init();
    return module;
  });
  return pagefindModule;
}

function wordPattern(text) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu");
}

function matcher(state) {
  const excluded = state.exclude.split(/[\s,]+/).filter(Boolean).map(wordPattern);
  const least = state.min === "" ? null : Number(state.min);
  const stars = marks(STARRED);
  return (paper) =>
    (!state.section || paper.sections.includes(state.section)) &&
    (!state.category || paper.categories.includes(state.category)) &&
    (!state.from || (paper.date && paper.date >= state.from)) &&
    (!state.to || (paper.date && paper.date <= state.to)) &&
    (least === null || (paper.relevance ?? -1) >= least) &&
    (!state.code || Boolean(paper.code)) &&
    (!state.starred || Boolean(stars[paper.id])) &&
    !excluded.some((pattern) => pattern.test(paper.title) || pattern.test(paper.abstract));
}

function narrows(state) {
  return ["section", "category", "from", "to", "min", "exclude", "code", "starred"].some(
    (name) => state[name],
  );
}

function newestFirst(a, b) {
  return b.date.localeCompare(a.date) || b.id.localeCompare(a.id);
}

function byRelevance(a, b) {
  return (b.relevance ?? -1) - (a.relevance ?? -1) || newestFirst(a, b);
}

async function browse(state) {
  const whole = narrows(state) || state.sort === "relevance";
  if (whole) await loadEveryChunk();
  const list = loaded.filter(matcher(state)).sort(state.sort === "relevance" ? byRelevance : newestFirst);
  return {
    state,
    list,
    more: whole ? null : () => browseMore(state),
    hasMore: () => !whole && chunksLoaded < manifest.chunks.length,
    count: () => countText(list.length, whole, state),
  };
}

async function browseMore(state) {
  if (chunksLoaded >= manifest.chunks.length) return false;
  await loadNextChunk();
  view.list = loaded.filter(matcher(state)).sort(newestFirst);
  return true;
}

function number(count) {
  return count.toLocaleString("en");
}

function countText(shown, whole, state) {
  const total = manifest.count;
  if (!whole) return `${number(total)} ${total === 1 ? "paper" : "papers"}, newest first`;
  return `${number(shown)} of ${number(total)} papers${state.starred ? " (starred)" : ""}`;
}

// A paper's page gives the index its title, TL;DR and abstract from the elements showing them,
// and the rest of its record as one JSON value.
function indexedPaper(meta) {
  return { ...JSON.parse(meta.paper), title: meta.title || "", tldr: meta.tldr || "", abstract: meta.abstract || "" };
}

async function search(state) {
  const module = await pagefind();
  const filters = {};
  if (state.section) filters.section = state.section;
  if (state.category) filters.category = state.category;
  if (state.code) filters.code = "yes";
  // Pagefind's own order is the best match; the others are its sort keys.
  const sorts = { relevance: { relevance: "desc" }, match: null };
  const sort = state.sort in sorts ? sorts[state.sort] : { date: "desc" };
  const found = await module.search(state.q, sort ? { filters, sort } : { filters });
  const results = found ? found.results : [];
  const keep = matcher(state);
  const exact = !narrows(state) || !(state.from || state.to || state.min || state.exclude || state.starred);
  const searched = { state, list: [], cursor: 0 };
  searched.more = async () => {
    if (searched.cursor >= results.length) return false;
    const batch = results.slice(searched.cursor, searched.cursor + 25);
    searched.cursor += batch.length;
    const pages = await Promise.all(batch.map((result) => result.data()));
    for (const page of pages) {
      const paper = indexedPaper(page.meta);
      if (keep(paper)) searched.list.push(paper);
    }
    return true;
  };
  searched.hasMore = () => searched.cursor < results.length;
  searched.count = () => {
    const done = searched.cursor >= results.length;
    const count = exact ? results.length : searched.list.length;
    const word = count === 1 && (exact || done) ? "paper matches" : "papers match";
    return `${exact || done ? "" : "at least "}${number(count)} ${word} “${state.q}”`;
  };
  return searched;
}

async function update() {
  const token = ++generation;
  const state = urlState();
  $("count").textContent = "Searching…";
  try {
    // Without papers there is no search index to ask.
    const next = state.q && manifest.count ? await search(state) : await browse(state);
    if (token !== generation) return;
    view = next;
    view.shown = 0;
    $("papers").replaceChildren();
    selected = -1;
    await showMore(token);
  } catch (error) {
    if (token === generation) $("count").textContent = `Could not load the papers (${error.message}); reload to try again.`;
  }
}

async function showMore(token) {
  while (view.list.length < view.shown + PAGE && view.more && (await view.more())) {
    if (token !== generation) return;
  }
  if (token !== generation) return;
  const from = view.shown;
  view.shown = Math.min(view.list.length, view.shown + PAGE);
  appendPapers(view.list.slice(from, view.shown), from ? view.list[from - 1] : null);
  $("count").textContent = view.count();
  $("more").hidden = !(view.shown < view.list.length || view.hasMore());
}

function appendPapers(papers, before) {
  const container = $("papers");
  const byDate = view.state.sort === "" || view.state.sort === "date";
  let day = before ? before.date : null;
  for (const paper of papers) {
    if (byDate && paper.date !== day) {
      day = paper.date;
      const heading = document.createElement("h2");
      heading.className = "day";
      heading.textContent = day || "Undated";
      container.append(heading);
    }
    container.append(card(paper));
  }
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function link(text, href) {
  return element("a", { href, rel: "noopener" }, text);
}

function card(paper) {
  const read = marks(READ);
  const article = element("article", {
    class: `paper${read[paper.id] ? " read" : ""}`,
    "data-arxiv-id": paper.id,
    tabindex: "-1",
  });
  const abs = `https://arxiv.org/abs/${paper.id}`;
  article.append(element("h3", {}, link(paper.title || paper.id, abs)));
  const meta = [paper.date, authorsText(paper.authors), paper.categories.join(", "), paper.sections.join(", ")];
  if (paper.relevance !== null && paper.relevance !== undefined) meta.push(`relevance ${paper.relevance.toFixed(2)}`);
  article.append(element("p", { class: "meta" }, meta.filter(Boolean).join(" · ")));
  if (paper.tldr) article.append(element("p", { class: "tldr" }, element("strong", {}, "TL;DR: "), paper.tldr));
  if (paper.abstract) {
    const details = element("details", { class: "abstract" }, element("summary", {}, "Abstract"));
    details.addEventListener("toggle", () => {
      if (details.open && details.childElementCount === 1) details.append(element("p", {}, paper.abstract));
    });
    article.append(details);
  }
  const actions = element(
    "p",
    { class: "actions" },
    link("Abstract page", abs),
    link("PDF", `https://arxiv.org/pdf/${paper.id}`),
    link("HTML", `https://arxiv.org/html/${paper.id}`),
  );
  if (paper.code) actions.append(link("Code", paper.code));
  actions.append(bibtexButton(paper), starButton(paper), readButton(paper, article));
  for (const anchor of actions.querySelectorAll("a")) anchor.addEventListener("click", () => markRead(paper, article, true));
  article.append(actions);
  return article;
}

function authorsText(authors) {
  if (!authors.length) return "";
  return authors.length > 5 ? `${authors.slice(0, 5).join(", ")} et al.` : authors.join(", ");
}

function bibtex(paper) {
  const key = `arxiv${paper.id.replace(/[^\w]/g, "")}`;
  const lines = [
    `@misc{${key},`,
    `  title = {${paper.title}},`,
    paper.authors.length ? `  author = {${paper.authors.join(" and ")}},` : "",
    paper.date ? `  year = {${paper.date.slice(0, 4)}},` : "",
    `  eprint = {${paper.id}},`,
    "  archivePrefix = {arXiv},",
    paper.primary ? `  primaryClass = {${paper.primary}},` : "",
    `  url = {https://arxiv.org/abs/${paper.id}}`,
    "}",
  ];
  return lines.filter(Boolean).join("\n");
}

function bibtexButton(paper) {
  const button = element("button", { type: "button", class: "bibtex" }, "Copy BibTeX");
  button.addEventListener("click", async () => {
    const text = bibtex(paper);
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = copyBySelection(text);
    }
    button.textContent = copied ? "Copied" : "Copy failed";
    button.dataset.bibtex = text;
  });
  return button;
}

function copyBySelection(text) {
  const area = element("textarea", { "aria-hidden": "true", style: "position:fixed;opacity:0" });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

function starButton(paper) {
  const starred = Boolean(marks(STARRED)[paper.id]);
  const button = element("button", { type: "button", class: "star", "aria-pressed": String(starred) }, starred ? "★ Starred" : "☆ Star");
  button.addEventListener("click", () => toggleStar(paper, button));
  return button;
}

function toggleStar(paper, button) {
  const stars = marks(STARRED);
  if (stars[paper.id]) delete stars[paper.id];
  else stars[paper.id] = { title: paper.title, date: paper.date };
  saveMarks(STARRED, stars);
  const starred = Boolean(stars[paper.id]);
  button.setAttribute("aria-pressed", String(starred));
  button.textContent = starred ? "★ Starred" : "☆ Star";
}

function readButton(paper, article) {
  const read = Boolean(marks(READ)[paper.id]);
  const button = element("button", { type: "button", class: "mark-read", "aria-pressed": String(read) }, "Read");
  button.addEventListener("click", () => markRead(paper, article, !marks(READ)[paper.id]));
  return button;
}

function markRead(paper, article, read) {
  const marked = marks(READ);
  if (read) marked[paper.id] = { title: paper.title, date: paper.date };
  else delete marked[paper.id];
  saveMarks(READ, marked);
  article.classList.toggle("read", read);
  article.querySelector(".mark-read").setAttribute("aria-pressed", String(read));
}

function exportMarks() {
  const body = JSON.stringify({ starred: marks(STARRED), read: marks(READ) }, null, 1);
  const anchor = element("a", {
    href: URL.createObjectURL(new Blob([body], { type: "application/json" })),
    download: "daily-papers-marks.json",
  });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

function papersShown() {
  return [...document.querySelectorAll("#papers .paper")];
}

async function move(step) {
  const papers = papersShown();
  if (step > 0 && selected + 1 >= papers.length && !$("more").hidden) {
    await showMore(generation);
    return move(step);
  }
  const next = Math.max(0, Math.min(papers.length - 1, selected + step));
  if (!papers[next]) return;
  papers[selected]?.classList.remove("selected");
  selected = next;
  papers[next].classList.add("selected");
  papers[next].focus({ preventScroll: true });
  papers[next].scrollIntoView({ block: "nearest" });
}

function current() {
  return papersShown()[Math.max(selected, 0)];
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || $("help").open) return;
  if (event.target.closest("input, select, textarea")) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const actions = {
    "/": () => $("q").focus(),
    j: () => move(1),
    k: () => move(-1),
    o: () => {
      const details = current()?.querySelector("details.abstract");
      if (details) details.open = !details.open;
    },
    s: () => current()?.querySelector(".star").click(),
    "?": () => $("help").showModal(),
  };
  if (!actions[event.key]) return;
  event.preventDefault();
  actions[event.key]();
}

function dark() {
  const chosen = document.documentElement.dataset.theme;
  return chosen ? chosen === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
}

function showTheme() {
  $("theme").textContent = dark() ? "Light" : "Dark";
  $("theme").setAttribute("aria-pressed", String(dark()));
}

function setTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  showTheme();
}

function listen() {
  let pause = null;
  $("q").addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(() => {
      remember(!typing);
      typing = true;
      update();
    }, 200);
  });
  $("q").addEventListener("focus", () => pagefind().catch(() => null), { once: true });
  $("controls").addEventListener("change", (event) => {
    if (event.target.id === "q") return;
    typing = false;
    remember(true);
    update();
  });
  $("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    typing = false;
    remember(true);
    update();
  });
  $("reset").addEventListener("click", () => {
    showState(Object.fromEntries(FIELDS.map((name) => [name, ""])));
    remember(true);
    update();
  });
  window.addEventListener("popstate", () => {
    typing = false;
    showState(urlState());
    update();
  });
  $("more").addEventListener("click", () => showMore(generation));
  $("export").addEventListener("click", exportMarks);
  $("help-open").addEventListener("click", () => $("help").showModal());
  $("theme").addEventListener("click", () => {
    const theme = dark() ? "light" : "dark";
    try {
      localStorage.setItem(THEME, theme);
    } catch {
      // The choice lasts for this page only.
    }
    setTheme(theme);
  });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", showTheme);
  document.addEventListener("keydown", onKey);
}

function fillChoices(id, values) {
  $(id).append(...values.map((value) => element("option", { value }, value)));
}

async function start() {
  let theme = null;
  try {
    theme = localStorage.getItem(THEME);
  } catch {
    theme = null;
  }
  setTheme(theme);
  listen();
  try {
    manifest = await fetchJson("manifest.json", true);
    if (manifest.chunks.length) await loadNextChunk();
  } catch (error) {
    $("count").textContent = `Could not load the papers (${error.message}); reload to try again.`;
    return;
  }
  fillChoices("section", manifest.sections);
  fillChoices("category", manifest.categories);
  if (manifest.note) {
    $("note").textContent = manifest.note;
    $("note").hidden = false;
  }
  showState(urlState());
  await update();
}

start();
