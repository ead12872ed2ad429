/* The Orbitly web chat widget: <script src="https://CRM-HOST/widget.js" defer></script>
 * Options (data- attributes on the script tag): data-open="true" (start open), data-email and
 * data-identity-token (a verified visitor), data-title. Talks to WS /ws/chat on the host it was loaded from,
 * keeps the conversation id in localStorage, and reconnects after a dropped socket. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, location.href);
  var wsUrl = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/ws/chat";
  var storeKey = "crm-chat:" + base.host;
  var opts = script.dataset;

  var css = "" +
    ".crmw{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933}" +
    ".crmw *{box-sizing:border-box}" +
    ".crmw-launch{background:#1d4ed8;color:#fff;border:0;border-radius:999px;padding:.8rem 1.2rem;font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}" +
    ".crmw-panel{width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 40px));background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}" +
    ".crmw-panel[hidden]{display:none}" +
    ".crmw-head{background:#1e3a8a;color:#fff;padding:.75rem 1rem;display:flex;align-items:center;justify-content:space-between}" +
    ".crmw-head h2{font-size:1rem;margin:0}" +
    ".crmw-close{background:transparent;border:0;color:#fff;font-size:1.4rem;cursor:pointer;line-height:1}" +
    ".crmw-status{font-size:.8rem;padding:.3rem 1rem;background:#fef3c7;color:#78350f}" +
    ".crmw-status:empty{display:none}" +
    ".crmw-handoff{font-size:.85rem;padding:.5rem 1rem;background:#dcfce7;color:#14532d;border-bottom:1px solid #bbf7d0}" +
    ".crmw-handoff[hidden]{display:none}" +
    ".crmw-log{flex:1;overflow-y:auto;padding:1rem;display:flex;flex-direction:column;gap:.6rem;background:#f8fafc}" +
    ".crmw-msg{max-width:85%;padding:.55rem .8rem;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".crmw-user{align-self:flex-end;background:#1d4ed8;color:#fff;border-bottom-right-radius:4px}" +
    ".crmw-assistant{align-self:flex-start;background:#fff;border:1px solid #e2e8f0;border-bottom-left-radius:4px}" +
    ".crmw-person{align-self:flex-start;background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:4px}" +
    ".crmw-who{display:block;font-size:.75rem;font-weight:600;color:#047857;margin-bottom:.15rem}" +
    ".crmw-sources{margin:.45rem 0 0;padding:.4rem 0 0;border-top:1px solid #e2e8f0;font-size:.8rem;list-style:none}" +
    ".crmw-sources a{color:#1d4ed8}" +
    ".crmw-form{display:flex;gap:.5rem;padding:.7rem;border-top:1px solid #e2e8f0}" +
    ".crmw-form textarea{flex:1;resize:none;border:1px solid #cbd5e1;border-radius:8px;padding:.5rem;font:inherit;height:2.6rem}" +
    ".crmw-form button{background:#1d4ed8;color:#fff;border:0;border-radius:8px;padding:0 1rem;font:inherit;font-weight:600;cursor:pointer}" +
    ".crmw-form button:disabled{background:#94a3b8;cursor:default}" +
    ".crmw :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
    ".crmw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var style = el("style"); style.textContent = css; document.head.appendChild(style);
  var root = el("div", {"class": "crmw"});
  var launch = el("button", {"class": "crmw-launch", "type": "button", "aria-expanded": "false",
                             "aria-controls": "crmw-panel"}, "Chat with us");
  var panel = el("section", {"class": "crmw-panel", "id": "crmw-panel", "aria-label": "Chat with Orbitly", "hidden": ""});
  var head = el("div", {"class": "crmw-head"});
  head.appendChild(el("h2", {}, opts.title || "Orbitly support"));
  var close = el("button", {"class": "crmw-close", "type": "button", "aria-label": "Close chat"}, "\u00d7");
  head.appendChild(close);
  var status = el("div", {"class": "crmw-status", "role": "status"});
  var handoff = el("div", {"class": "crmw-handoff", "role": "status", "hidden": ""},
                   "Connecting you to a person\u2026 You can keep writing here; their reply will appear in this chat.");
  var log = el("div", {"class": "crmw-log", "role": "log", "aria-live": "polite", "aria-label": "Conversation"});
  var form = el("form", {"class": "crmw-form"});
  var label = el("label", {"for": "crmw-input", "class": "crmw-sr"}, "Your message");
  var input = el("textarea", {"id": "crmw-input", "placeholder": "Ask a question\u2026", "rows": "1", "maxlength": "4000"});
  var send = el("button", {"type": "submit", "disabled": ""}, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  [head, status, handoff, log, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launch); root.appendChild(panel);
  document.body.appendChild(root);

  function setOpen(open) {
    panel.hidden = !open; launch.hidden = open;
    launch.setAttribute("aria-expanded", String(open));
    if (open) { input.focus(); connect(); }
  }
  launch.addEventListener("click", function () { setOpen(true); });
  close.addEventListener("click", function () { setOpen(false); launch.focus(); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { setOpen(false); launch.focus(); } });

  function citationHref(c) {
    return /^https?:\/\//.test(c.source) ? c.source : base.origin + "/help/articles/" + c.document_id;
  }
  function visibleText(text, citations) {
    // The reply ends with "Sources: ..." for plain-text channels; here the sources are links.
    return citations && citations.length ? text.replace(/\n+Sources:[\s\S]*$/, "") : text;
  }
  function bubble(role, text, extra) {
    var node = el("div", {"class": "crmw-msg crmw-" + role});
    if (role === "person") node.appendChild(el("span", {"class": "crmw-who"}, (extra && extra.author) || "Our team"));
    var body = el("span", {"class": "crmw-text"}, text);
    node.appendChild(body);
    log.appendChild(node); log.scrollTop = log.scrollHeight;
    return node;
  }
  function finish(node, text, citations) {
    node.querySelector(".crmw-text").textContent = visibleText(text, citations);
    if (citations && citations.length) {
      var list = el("ul", {"class": "crmw-sources", "aria-label": "Sources"});
      citations.forEach(function (c, i) {
        var item = el("li"); item.appendChild(document.createTextNode("[" + (i + 1) + "] "));
        item.appendChild(el("a", {"href": citationHref(c), "target": "_blank", "rel": "noopener"}, c.title));
        list.appendChild(item);
      });
      node.appendChild(list);
    }
    log.scrollTop = log.scrollHeight;
  }
  function render(history) {
    log.textContent = "";
    if (!history.length) bubble("assistant", "Hi! Ask me anything about Orbitly.");
    history.forEach(function (m) {
      var node = bubble(m.role, m.text, m);
      if (m.role === "assistant") finish(node, m.text, m.citations);
    });
  }

  var socket = null, ready = false, retry = 0, streaming = null, opening = false;
  function connect() {
    if (socket || opening) return;
    opening = true;
    socket = new WebSocket(wsUrl);
    socket.onopen = function () {
      opening = false; retry = 0;
      var hello = {type: "hello", conversation_id: localStorage.getItem(storeKey) || null};
      if (opts.email && opts.identityToken) { hello.email = opts.email; hello.identity_token = opts.identityToken; }
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = function (event) {
      var m = JSON.parse(event.data);
      if (m.type === "ready") {
        localStorage.setItem(storeKey, m.conversation_id);
        ready = true; status.textContent = ""; send.disabled = false;
        handoff.hidden = !m.handoff; render(m.history); streaming = null;
      } else if (m.type === "chunk") {
        if (!streaming) streaming = {node: bubble("assistant", ""), text: ""};
        streaming.text += m.text;
        streaming.node.querySelector(".crmw-text").textContent = streaming.text;
        log.scrollTop = log.scrollHeight;
      } else if (m.type === "reply") {
        var node = streaming ? streaming.node : bubble("assistant", "");
        finish(node, m.text, m.citations); streaming = null;
        if (m.handoff) { handoff.hidden = false; log.scrollTop = log.scrollHeight; }
        send.disabled = false;
      } else if (m.type === "person") {
        bubble("person", m.text, m);
      } else if (m.type === "error") {
        status.textContent = m.message; send.disabled = !ready; streaming = null;
      }
    };
    socket.onclose = function (event) {
      socket = null; opening = false; ready = false; send.disabled = true;
      if (event.code === 4401) { status.textContent = "We couldn't verify who you are. Please sign in again."; return; }
      status.textContent = "Connection lost. Reconnecting\u2026";
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.min(500 * Math.pow(2, retry - 1), 8000));
    };
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !ready) return;
    bubble("user", text);
    socket.send(JSON.stringify({type: "message", text: text}));
    input.value = ""; send.disabled = true;
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  if (opts.open === "true") setOpen(true);
})();
