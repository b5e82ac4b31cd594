/* Keyboard editing of the responsibility matrix.
 *
 * Arrows (and Home/End) move between cells; R, A, C and I toggle a letter in the focused
 * cell of an editable row; Enter or leaving the cell saves it through POST
 * /api/v1/matrix/cells/ with `expect` (the letters as the page last saw them), so a cell
 * changed by someone else in the meantime gives a conflict message instead of being
 * overwritten. Escape cancels. A cell is one bare <td>: its duty is its row's, its party its
 * column header's, its letters its badges; the table listens for every cell at once.
 * Without this script each editable row links to a plain form doing the same.
 */
(function () {
  "use strict";

  // Runs on load, and again after htmx swaps in a new matrix (filters changed).
  function setUp() {
    var ORDER = "ARCI";
    var table = document.getElementById("matrix");
    if (!table || table.dataset.editable !== "true" || table.dataset.ready) return;
    table.dataset.ready = "true";

    var status = document.getElementById("matrix-status");
    var counter = document.getElementById("findings-count");
    var counterLabel = document.getElementById("findings-count-label");
    var msg = table.dataset;
    var titles = {};
    Array.prototype.forEach.call(document.querySelectorAll(".legend abbr.raci"), function (abbr) {
      titles[abbr.textContent.trim()] = abbr.getAttribute("title");
    });

    function sortLetters(letters) {
      return ORDER.split("").filter(function (l) { return letters.indexOf(l) !== -1; }).join("");
    }

    function render(cell, letters) {
      var holder = cell.querySelector(".cell__letters") || cell;
      holder.textContent = "";
      letters.split("").forEach(function (letter) {
        var abbr = document.createElement("abbr");
        abbr.className = "raci raci-" + letter.toLowerCase();
        abbr.title = titles[letter] || letter;
        abbr.textContent = letter;
        holder.appendChild(abbr);
      });
    }

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("notice--error", !!isError);
      status.classList.toggle("notice", !!text);
    }

    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (row) {
      return row.dataset.duty;
    });
    var grid = rows.map(function (row) {
      // every cell, those of rows this user may not edit included, so columns line up
      return Array.prototype.slice.call(row.querySelectorAll("td"));
    });
    if (!grid.length || !grid[0].length) return;
    var headers = table.tHead.rows[0].cells;

    function editable(cell) {
      return cell.parentNode.classList.contains("is-editable");
    }

    function partyOf(cell) {
      return headers[cell.cellIndex].dataset.party;
    }

    // The letters the page last saw in the cell: its badges, until a save says otherwise.
    function letters(cell) {
      if (cell.dataset.letters === undefined) {
        cell.dataset.letters = Array.prototype.map.call(
          cell.querySelectorAll("abbr.raci"), function (abbr) { return abbr.textContent; }
        ).join("");
      }
      return cell.dataset.letters;
    }

    // One tab stop for the whole grid (roving tabindex); a click focuses the cell clicked.
    var first = table.querySelector("tr.is-editable td") || grid[0][0];
    first.tabIndex = 0;
    table.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      if (cell) focusCell(cell);
    });

    function position(cell) {
      for (var r = 0; r < grid.length; r++) {
        var c = grid[r].indexOf(cell);
        if (c !== -1) return [r, c];
      }
      return null;
    }

    function focusCell(cell) {
      table.querySelectorAll("tbody td[tabindex='0']").forEach(function (other) {
        other.removeAttribute("tabindex");
      });
      cell.tabIndex = 0;
      cell.focus();
    }

    function move(cell, dr, dc, absolute) {
      var at = position(cell);
      if (!at) return;
      var r = Math.min(Math.max(at[0] + dr, 0), grid.length - 1);
      var c = absolute === "start" ? 0 : absolute === "end" ? grid[r].length - 1 : at[1] + dc;
      c = Math.min(Math.max(c, 0), grid[r].length - 1);
      focusCell(grid[r][c]);
    }

    function pending(cell) {
      return cell.dataset.pending !== undefined && cell.dataset.pending !== letters(cell);
    }

    function toggle(cell, letter) {
      var now = cell.dataset.pending !== undefined ? cell.dataset.pending : letters(cell);
      var next = now.indexOf(letter) === -1 ? now + letter : now.replace(letter, "");
      cell.dataset.pending = sortLetters(next);
      render(cell, cell.dataset.pending);
      cell.classList.toggle("is-pending", pending(cell));
      cell.classList.remove("is-conflict");
    }

    function cancel(cell) {
      if (cell.dataset.pending === undefined) return;
      delete cell.dataset.pending;
      render(cell, letters(cell));
      cell.classList.remove("is-pending");
    }

    function updateCount(delta) {
      if (!counter || !delta) return;
      var count = Math.max(0, parseInt(counter.dataset.count, 10) + delta);
      counter.dataset.count = String(count);
      counter.textContent = String(count);
      if (counterLabel) counterLabel.textContent = count === 1 ? msg.msgOne : msg.msgMany;
    }

    // Keep the row's findings marker in step with what the save introduced and resolved.
    function updateRow(row, introduced, resolved) {
      var head = row.querySelector("th.duty-head");
      var marker = head.querySelector(".finding-marker");
      if (!marker && introduced.length) {
        marker = document.createElement("span");
        marker.className = "finding-marker";
        var id = "tip-" + row.dataset.duty;
        marker.innerHTML = '<button type="button"><span class="badge"></span></button>' +
          '<span class="finding-marker__tip" role="tooltip"><ul></ul></span>';
        marker.querySelector("button").setAttribute("aria-describedby", id);
        marker.querySelector("[role=tooltip]").id = id;
        head.appendChild(marker);
      }
      if (!marker) return;
      var list = marker.querySelector("ul");
      resolved.forEach(function (finding) {
        Array.prototype.forEach.call(list.children, function (item) {
          if (item.textContent === finding.message) item.remove();
        });
      });
      introduced.forEach(function (finding) {
        var item = document.createElement("li");
        item.textContent = finding.message;
        item.dataset.severity = finding.severity;
        list.appendChild(item);
      });
      var n = list.children.length;
      row.classList.toggle("has-findings", n > 0);
      if (!n) {
        marker.remove();
        return;
      }
      var severities = Array.prototype.map.call(list.children, function (item) {
        return item.dataset.severity;
      });
      var worst = ["error", "warning", "info"].filter(function (severity) {
        return severities.indexOf(severity) !== -1;
      })[0] || "info";
      var badge = marker.querySelector(".badge");
      badge.textContent = "\u26a0 " + n;
      badge.className = "badge badge--" + worst;
      row.className = row.className.replace(/\bworst-\w+/g, "").trim() + " worst-" + worst;
    }

    function describe(findings, label) {
      return findings.map(function (f) { return label + " " + f.message; }).join(" ");
    }

    function save(cell) {
      if (!pending(cell) || cell.classList.contains("is-saving")) return;
      var row = cell.closest("tr");
      var wanted = cell.dataset.pending;
      var body = {cells: [{duty: row.dataset.duty, party: partyOf(cell), raci: wanted,
                           expect: letters(cell)}]};
      cell.classList.add("is-saving");
      fetch(msg.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json",
                  "X-CSRFToken": msg.csrf},
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return {status: response.status, data: data};
        });
      }).then(function (result) {
        cell.classList.remove("is-saving", "is-pending");
        delete cell.dataset.pending;
        if (result.status === 200) {
          var saved = (result.data.cells && result.data.cells[0]) || {raci: wanted};
          cell.dataset.letters = saved.raci;
          render(cell, saved.raci);
          cell.classList.remove("is-conflict");
          cell.classList.add("is-saved");
          setTimeout(function () { cell.classList.remove("is-saved"); }, 1300);
          var introduced = result.data.introduced || [], resolved = result.data.resolved || [];
          updateCount(introduced.length - resolved.length);
          updateRow(row, introduced, resolved);
          say([msg.msgSaved, describe(introduced, msg.msgIntroduced),
               describe(resolved, msg.msgResolved)].join(" ").trim(), introduced.length > 0);
        } else if (result.status === 409) {
          var stale = (result.data.cells && result.data.cells[0]) || {};
          var actual = stale.actual !== undefined ? stale.actual : letters(cell);
          cell.dataset.letters = actual;
          render(cell, actual);
          cell.classList.add("is-conflict");
          say(msg.msgConflict.replace("{actual}", actual || msg.msgEmpty), true);
        } else {
          render(cell, letters(cell));
          var detail = result.data.detail || JSON.stringify(result.data.cells || result.data);
          say(msg.msgError + " " + detail, true);
        }
      }).catch(function (error) {
        cell.classList.remove("is-saving");
        say(msg.msgError + " " + error, true);
      });
    }

    table.addEventListener("keydown", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      if (!cell || event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
      if (moves[key]) {
        event.preventDefault();
        save(cell);
        move(cell, moves[key][0], moves[key][1]);
      } else if (key === "Home" || key === "End") {
        event.preventDefault();
        move(cell, 0, 0, key === "Home" ? "start" : "end");
      } else if (editable(cell) && ORDER.indexOf(key.toUpperCase()) !== -1
                 && key.length === 1) {
        event.preventDefault();
        toggle(cell, key.toUpperCase());
      } else if (key === "Enter" && editable(cell)) {
        event.preventDefault();
        save(cell);
      } else if (key === "Escape") {
        cancel(cell);
      }
    });

    table.addEventListener("focusout", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      if (cell && editable(cell) && !cell.contains(event.relatedTarget)) save(cell);
    });
  }

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();
