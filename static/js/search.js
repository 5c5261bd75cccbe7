// The search page: queries the Pagefind index written with the site. No framework,
// nothing from other hosts; interface strings come from the page's data attributes.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("#search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  document.getElementById("search-needs-script").hidden = true;
  var PAGE_SIZE = 20;
  var FILTERS = ["topic", "type"];
  var pagefind = null;
  var ticket = 0;
  var timer = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
  }

  function chosen(name) {
    return boxes(name).filter(function (box) { return box.checked; });
  }

  function labelOf(box) {
    return box.parentNode.textContent.trim();
  }

  async function index() {
    if (!pagefind) {
      var api = await import(form.dataset.bundle);
      // Articles are our longest pages: weigh page length less than Pagefind does (0.75).
      await api.options({ baseUrl: form.dataset.base, excerptLength: 24,
                          ranking: { pageLength: 0.3 } });
      pagefind = api;
    }
    return pagefind;
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    FILTERS.forEach(function (name) {
      chosen(name).forEach(function (box) { params.append(name, box.value); });
    });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  // Pagefind marks the words found with <mark>; keep that and plain text, nothing else.
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("p");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    });
    return p;
  }

  function typeName(type) {
    var box = boxes("type").find(function (b) { return b.value === type; });
    return box ? labelOf(box) : "";
  }

  function entry(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var kind = document.createElement("p");
    kind.className = "item-kind";
    kind.textContent = typeName((data.filters.type || [])[0]);
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    heading.append(link);
    item.append(kind, heading, excerpt(data.excerpt));
    return item;
  }

  async function show(results, from, mine) {
    var page = await Promise.all(results.slice(from, from + PAGE_SIZE).map(function (r) {
      return r.data();
    }));
    if (mine !== ticket) return;
    page.forEach(function (data) { list.append(entry(data)); });
    var old = document.getElementById("search-more");
    if (old) old.remove();
    if (from + PAGE_SIZE < results.length) {
      var more = document.createElement("button");
      more.type = "button";
      more.id = "search-more";
      more.textContent = form.dataset.more;
      more.addEventListener("click", function () {
        more.remove();
        show(results, from + PAGE_SIZE, mine).then(function () {
          var next = list.children[from + PAGE_SIZE];
          if (next) next.querySelector("a").focus();
        });
      });
      list.after(more);
    }
  }

  async function run() {
    var mine = ++ticket;
    var query = input.value.trim();
    var filters = {};
    var names = [];
    FILTERS.forEach(function (name) {
      var picked = chosen(name);
      if (picked.length) filters[name] = { any: picked.map(function (box) { return box.value; }) };
      names = names.concat(picked.map(labelOf));
    });
    remember(query);
    if (!query && !names.length) {
      status.textContent = "";
      list.replaceChildren();
      return;
    }
    status.textContent = form.dataset.searching;
    var api;
    try {
      api = await index();
    } catch (error) {
      status.textContent = form.dataset.unavailable;
      return;
    }
    var search = await api.search(query || null, { filters: filters });
    if (mine !== ticket) return;
    var shown = query || names.join(", ");
    status.textContent = fill(search.results.length ? form.dataset.results : form.dataset.noResults,
                              { query: shown, count: search.results.length });
    list.replaceChildren();
    await show(search.results, 0, mine);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  FILTERS.forEach(function (name) {
    var values = params.getAll(name);
    boxes(name).forEach(function (box) { box.checked = values.indexOf(box.value) >= 0; });
    if (values.length) form.querySelector(".search-filters").open = true;
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", later);
  input.addEventListener("focus", function () { index().catch(function () {}); }, { once: true });
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") run();
  });
  run();
})();
