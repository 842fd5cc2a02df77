/* The live view (lead_handoff/inbox_live.py): the list of conversations reloads its rows when the
   server says something changed; a conversation's page appends each message the server pushes.
   Text only (textContent), never markup. */
(function () {
  "use strict";
  var names = {person: "Person", assistant: "Assistant", consultant: "Consultant"};

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function ago(seconds) {
    return Math.max(0, Math.floor((Date.now() / 1000 - seconds) / 60)) + " min ago";
  }

  function listRows(table) {
    fetch(table.dataset.rows, {credentials: "same-origin"}).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (rows) {
      if (!rows) return;
      var body = document.createElement("tbody");
      rows.forEach(function (found) {
        var row = document.createElement("tr");
        row.dataset.ref = found.ref;
        var first = document.createElement("td");
        var link = document.createElement("a");
        link.href = "/inbox/live/c/" + encodeURIComponent(found.ref);
        link.textContent = found.ref.slice(0, 8);
        first.appendChild(link);
        if (found.wants_human) {
          row.className = "wants-human";
          var strong = document.createElement("strong");
          strong.textContent = " asks for a person";
          first.appendChild(strong);
        }
        row.appendChild(first);
        cell(row, found.channel);
        cell(row, found.language);
        cell(row, found.routes === null ? "—" : (found.routes.length ? found.routes.join(", ") : "nothing fits"));
        cell(row, ago(found.last_wrote)).dataset.at = found.last_wrote;
        cell(row, found.taken_by || "—");
        body.appendChild(row);
      });
      if (!rows.length) {
        var empty = document.createElement("tr");
        cell(empty, "Nobody is writing right now.").colSpan = 6;
        body.appendChild(empty);
      }
      table.replaceChild(body, table.tBodies[0]);
    });
  }

  var table = document.getElementById("live");
  if (table) {
    new EventSource(table.dataset.stream).addEventListener("changed", function () { listRows(table); });
    setInterval(function () {
      table.querySelectorAll("td[data-at]").forEach(function (td) { td.textContent = ago(Number(td.dataset.at)); });
    }, 15000);
  }

  var lines = document.getElementById("lines");
  if (lines) {
    new EventSource(lines.dataset.stream).onmessage = function (message) {
      var line = JSON.parse(message.data);
      var item = document.createElement("li");
      item.className = "line " + line.speaker;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = names[line.speaker] || line.speaker;
      var when = document.createElement("time");
      when.textContent = new Date(line.at * 1000).toTimeString().slice(0, 8);
      var text = document.createElement("p");
      text.textContent = line.text;
      item.appendChild(who);
      item.appendChild(when);
      item.appendChild(text);
      lines.appendChild(item);
    };
  }
})();
