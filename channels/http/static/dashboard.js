// The manager dashboard: asks for an API key once (kept in localStorage), reads /api/v1/pipeline/dashboard with
// it as a Bearer token and draws four plotly charts, each with a sentence and a table for screen readers.
(function () {
  "use strict";
  var KEY = "crm.dashboard.apiKey";
  var $ = function (id) { return document.getElementById(id); };
  var number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  var currency = "USD";
  var money = function (value) { return number.format(Math.round(value)); };
  var percent = function (value) { return value === null ? "–" : Math.round(value * 100) + "%"; };
  var CONFIG = { displayModeBar: false, responsive: true };
  var LAYOUT = { margin: { t: 10, r: 50, b: 50, l: 70 }, legend: { orientation: "h", y: -0.2 }, font: { size: 12 } };

  function layout(extra) { return Object.assign({}, LAYOUT, extra); }

  function showError(message) { $("error").textContent = message; }

  function askForKey(message) {
    $("board").hidden = true;
    $("forget").hidden = true;
    $("key-form").hidden = false;
    showError(message || "");
    $("api-key").focus();
  }

  function load(apiKey) {
    showError("");
    fetch("/api/v1/pipeline/dashboard", { headers: { Authorization: "Bearer " + apiKey } })
      .then(function (response) {
        if (response.status === 401) {
          localStorage.removeItem(KEY);
          throw new Error("That API key was not accepted (unknown or revoked). Enter a valid key.");
        }
        if (response.status === 403) {
          throw new Error("This API key may not read the dashboard. Ask an admin for a manager key.");
        }
        if (!response.ok) { throw new Error("The server could not build the dashboard (HTTP " + response.status + "). Try again."); }
        return response.json();
      })
      .then(function (data) {
        localStorage.setItem(KEY, apiKey);
        $("key-form").hidden = true;
        $("board").hidden = false;
        $("forget").hidden = false;
        render(data);
      })
      .catch(function (failure) {
        askForKey(failure.message || "The dashboard could not be loaded.");
      });
  }

  function table(id, head, rows) {
    var element = $(id);
    element.replaceChildren();
    var tr = element.createTHead().insertRow();
    head.forEach(function (text) { var th = document.createElement("th"); th.scope = "col"; th.textContent = text; tr.appendChild(th); });
    var body = element.createTBody();
    rows.forEach(function (cells) {
      var row = body.insertRow();
      cells.forEach(function (text) { row.insertCell().textContent = text; });
    });
  }

  function setTotal(id, value, format) {
    $(id).textContent = format(value);
    $(id).dataset.value = value;
  }

  function render(data) {
    currency = data.currency;
    $("scope").textContent = "Scope: " + data.scope.join(", ") + " · amounts in " + currency +
      " · as of " + new Date(data.as_of).toLocaleString();
    var total = data.forecast_by_month.total;
    setTotal("total-deals", total.deals, function (v) { return number.format(v); });
    setTotal("total-amount", total.amount, money);
    setTotal("total-weighted", total.weighted, money);
    setTotal("total-expected", total.expected, money);
    setTotal("total-commit", total.commit, money);
    setTotal("total-best-case", total.best_case, money);
    stages(data.pipeline_by_stage);
    forecast(data.forecast_by_month);
    winRate(data.win_rate_by_quarter);
    sentiment(data.ticket_sentiment_by_week);
    definitions(data.definitions);
  }

  function stages(rows) {
    var labels = rows.map(function (r) { return r.label; });
    Plotly.newPlot($("chart-stage"), [
      { type: "bar", name: "Amount", x: labels, y: rows.map(function (r) { return r.amount; }), marker: { color: "#9fb3c8" } },
      { type: "bar", name: "Weighted", x: labels, y: rows.map(function (r) { return r.weighted; }), marker: { color: "#1d4ed8" } }
    ], layout({ barmode: "group", yaxis: { title: { text: currency } } }), CONFIG);
    var biggest = rows.slice().sort(function (a, b) { return b.amount - a.amount; })[0];
    $("summary-stage").textContent = rows.reduce(function (n, r) { return n + r.deals; }, 0) + " open deals across " +
      rows.length + " stages" + (biggest && biggest.amount ? "; the most money sits in " + biggest.label + " (" + money(biggest.amount) + ")." : ".");
    table("table-stage", ["Stage", "Deals", "Amount", "Probability", "Weighted"], rows.map(function (r) {
      return [r.label, r.deals, money(r.amount), r.probability + "%", money(r.weighted)];
    }));
  }

  function forecast(result) {
    var groups = result.groups;
    var labels = groups.map(function (g) { return g.label; });
    var pick = function (name) { return groups.map(function (g) { return g[name]; }); };
    Plotly.newPlot($("chart-forecast"), [
      { type: "bar", name: "Weighted", x: labels, y: pick("weighted"), marker: { color: "#1d4ed8" } },
      { type: "bar", name: "Commit", x: labels, y: pick("commit"), marker: { color: "#047857" } },
      { type: "bar", name: "Best case", x: labels, y: pick("best_case"), marker: { color: "#a7f3d0" } },
      { type: "scatter", mode: "lines+markers", name: "Expected (historical), p10–p90", x: labels, y: pick("expected"),
        line: { color: "#b45309" },
        error_y: { type: "data", symmetric: false, color: "#b45309",
                   array: groups.map(function (g) { return g.high - g.expected; }),
                   arrayminus: groups.map(function (g) { return g.expected - g.low; }) } }
    ], layout({ barmode: "group", xaxis: { type: "category" }, yaxis: { title: { text: currency } } }), CONFIG);
    var total = result.total;
    $("summary-forecast").textContent = "Open pipeline " + money(total.amount) + ": weighted " + money(total.weighted) +
      ", expected from historical win rates " + money(total.expected) + " (p10–p90 " + money(total.low) + " to " +
      money(total.high) + "), commit " + money(total.commit) + ", best case " + money(total.best_case) + "." +
      (result.notes.length ? " " + result.notes.join("; ") + "." : "");
    table("table-forecast", ["Month", "Deals", "Weighted", "Expected", "Low (p10)", "High (p90)", "Commit", "Best case"],
      groups.concat([total]).map(function (g) {
        return [g.label, g.deals, money(g.weighted), money(g.expected), money(g.low), money(g.high), money(g.commit), money(g.best_case)];
      }));
  }

  function winRate(rows) {
    Plotly.newPlot($("chart-win"), [
      { type: "scatter", mode: "lines+markers", name: "Win rate", x: rows.map(function (r) { return r.quarter; }),
        y: rows.map(function (r) { return r.win_rate; }), line: { color: "#1d4ed8" }, connectgaps: false }
    ], layout({ xaxis: { type: "category" }, yaxis: { tickformat: ".0%", range: [0, 1.05] } }), CONFIG);
    var known = rows.filter(function (r) { return r.win_rate !== null; });
    var last = known[known.length - 1];
    $("summary-win").textContent = known.length
      ? "Win rate " + known.map(function (r) { return r.quarter + " " + percent(r.win_rate); }).join(", ") + " (latest " + last.quarter + ": " + last.won + " won, " + last.lost + " lost)."
      : "No deals were closed in the last four quarters.";
    table("table-win", ["Quarter", "Won", "Lost", "Win rate"], rows.map(function (r) {
      return [r.quarter, r.won, r.lost, percent(r.win_rate)];
    }));
  }

  function sentiment(rows) {
    var weeks = rows.map(function (r) { return r.week_start; });
    Plotly.newPlot($("chart-sentiment"), [
      { type: "scatter", mode: "lines+markers", name: "Average score", x: weeks, y: rows.map(function (r) { return r.average_score; }),
        line: { color: "#1d4ed8" } },
      { type: "scatter", mode: "lines+markers", name: "Negative share", x: weeks, y: rows.map(function (r) { return r.negative_share; }),
        yaxis: "y2", line: { color: "#c81e1e", dash: "dot" } }
    ], layout({ xaxis: { type: "category" }, yaxis: { title: { text: "score (−1..+1)" }, range: [-1, 1] },
                yaxis2: { overlaying: "y", side: "right", range: [0, 1], tickformat: ".0%", title: { text: "negative" } } }), CONFIG);
    var scored = rows.filter(function (r) { return r.tickets; });
    var tickets = scored.reduce(function (n, r) { return n + r.tickets; }, 0);
    var last = scored[scored.length - 1];
    $("summary-sentiment").textContent = tickets
      ? tickets + " scored tickets in " + rows.length + " weeks; week of " + last.week_start + ": average " +
        last.average_score.toFixed(2) + ", " + percent(last.negative_share) + " negative."
      : "No scored tickets in the last " + rows.length + " weeks.";
    table("table-sentiment", ["Week of", "Tickets", "Average score", "Negative"], rows.map(function (r) {
      return [r.week_start, r.tickets, r.average_score === null ? "–" : r.average_score.toFixed(2), percent(r.negative_share)];
    }));
  }

  function definitions(words) {
    var list = $("definitions");
    list.replaceChildren();
    Object.keys(words).forEach(function (name) {
      var dt = document.createElement("dt"); dt.textContent = name.replace(/_/g, " ");
      var dd = document.createElement("dd"); dd.textContent = words[name];
      list.append(dt, dd);
    });
  }

  $("key-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var apiKey = $("api-key").value.trim();
    if (apiKey) { load(apiKey); }
  });
  $("forget").addEventListener("click", function () {
    localStorage.removeItem(KEY);
    $("api-key").value = "";
    askForKey("");
  });

  if (typeof Plotly === "undefined") {
    showError("The charting library did not load (/static/vendor/plotly.min.js). Reload the page.");
  }
  var saved = localStorage.getItem(KEY);
  if (saved) { load(saved); } else { askForKey(""); }
})();
