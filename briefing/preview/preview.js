// Added by `python build.py serve` to every page it sends (never to a built site).
// It loads livereload.js, which reloads the page, or only a stylesheet, when
// the server says that a build changed them; and it shows the errors of a
// failed build over the page until a build succeeds again.
(function () {
  "use strict";
  var secure = location.protocol === "https:";
  var port = location.port || (secure ? "443" : "80");
  var livereload = document.createElement("script");
  livereload.src = "/livereload.js?port=" + port;
  document.head.appendChild(livereload);

  var overlay = null;

  function showProblems(problems) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "briefing-preview-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "margin:0;padding:2rem;background:rgba(24,24,24,.95);color:#fff;" +
        "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left";
      (document.body || document.documentElement).appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 1rem;font-size:1.2rem;color:#ff8a80";
    title.textContent = "The build failed (" + problems.length + " error" +
      (problems.length === 1 ? "" : "s") + "). Behind this box: the last good build. " +
      "Fix the file and this page updates by itself.";
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0;list-style:none";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.className = "briefing-preview-problem";
      item.style.cssText = "margin:0 0 .6rem;white-space:pre-wrap";
      item.textContent = problem;
      list.appendChild(item);
    });
    overlay.appendChild(title);
    overlay.appendChild(list);
  }

  function hideProblems() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function connect() {
    var socket = new WebSocket((secure ? "wss://" : "ws://") + location.host + "/_preview/state");
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.problems.length) {
        showProblems(state.problems);
      } else {
        hideProblems();
      }
    };
    socket.onclose = function () {
      setTimeout(connect, 1000);
    };
  }

  connect();
})();
