// Timeline filters without a page load. Every choice is also a link to a page that
// exists (timeline/<topic>/<status>/<year>/); on the whole timeline, when every
// event is on the page (`data-complete`: the timeline is not split into pages), this
// script applies the same filter in place and puts that page's address in the
// location bar, so reloading or sharing shows the same view. On a timeline split
// into pages the filters stay links to their pages.
(function () {
  "use strict";
  var nav = document.querySelector(".filters[data-complete]");
  if (!nav) {
    // A filter page lists only its own events. After a reload, the history entries
    // the full timeline pushed before it belong to this document, so stepping back
    // to one changes the address without loading its page: load it.
    var loaded = location.pathname;
    if (document.querySelector(".filters")) {
      window.addEventListener("popstate", function () {
        if (location.pathname !== loaded) location.reload();
      });
    }
    return;
  }
  var FACETS = ["topic", "status", "year"];
  var root = nav.dataset.root;
  var items = Array.prototype.slice.call(document.querySelectorAll(".timeline-item"));
  var shown = document.getElementById("timeline-shown");
  var none = document.getElementById("timeline-none");
  var heading = document.getElementById("timeline-heading");
  var groups = {};
  FACETS.forEach(function (facet) {
    groups[facet] = nav.querySelector('ul[data-facet="' + facet + '"]');
  });

  function matches(item, view) {
    return FACETS.every(function (facet) {
      return !view[facet] || (item.dataset[facet] || "").split(" ").indexOf(view[facet]) >= 0;
    });
  }

  function count(view) {
    return items.filter(function (item) { return matches(item, view); }).length;
  }

  function choosing(view, facet, value) {
    var next = { topic: view.topic, status: view.status, year: view.year };
    next[facet] = value;
    return next;
  }

  function pathOf(view) {
    return root + FACETS.filter(function (f) { return view[f]; })
      .map(function (f) { return view[f] + "/"; }).join("");
  }

  function viewOf(pathname) {
    var view = { topic: "", status: "", year: "" };
    if (pathname.indexOf(root) !== 0) return view;
    pathname.slice(root.length).split("/").forEach(function (part) {
      FACETS.forEach(function (facet) {
        if (part && groups[facet].querySelector('li[data-value="' + part + '"]')) view[facet] = part;
      });
    });
    return view;
  }

  function option(li, facet, view, current) {
    var value = li.dataset.value;
    var target = choosing(view, facet, value);
    var n = count(target);
    var node = document.createElement(n ? "a" : "span");
    if (n) {
      node.href = pathOf(target);
      if (view[facet] === value) node.setAttribute("aria-current", "page");
    } else {
      node.className = "unavailable";
    }
    var number = document.createElement("span");
    number.className = "count";
    number.textContent = "(" + n + ")";
    node.append(li.dataset.label + " ", number);
    li.replaceChildren(node);
    if (n && current === facet + "=" + value) node.focus();
  }

  function label(facet, value) {
    return groups[facet].querySelector('li[data-value="' + value + '"]').dataset.label;
  }

  function apply(view, current) {
    var visible = 0;
    items.forEach(function (item) {
      item.hidden = !matches(item, view);
      if (!item.hidden) visible += 1;
    });
    FACETS.forEach(function (facet) {
      groups[facet].querySelectorAll("li").forEach(function (li) {
        option(li, facet, view, current);
      });
    });
    var names = FACETS.filter(function (f) { return view[f]; })
      .map(function (f) { return label(f, view[f]); }).join(", ");
    var title = names ? nav.dataset.filteredTitle.replace("{filters}", names) : nav.dataset.title;
    heading.textContent = title;
    document.title = title + " – " + nav.dataset.siteTitle;
    shown.textContent = shown.dataset.template.replace("{count}", visible)
      .replace("{total}", items.length);
    none.hidden = visible > 0;
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var facet = link.closest("ul").dataset.facet;
    var value = link.parentNode.dataset.value;
    history.pushState(null, "", link.getAttribute("href"));
    apply(viewOf(location.pathname), facet + "=" + value);
  });
  window.addEventListener("popstate", function () {
    apply(viewOf(location.pathname), "");
  });
})();
