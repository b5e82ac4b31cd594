/* The responsibility matrix as a grid, for the mouse, the keyboard and screen readers.
 *
 * One cell of the grid is a tab stop (roving tabindex); arrows, Home and End move between
 * cells. In an editable row, a click (or Enter on an unchanged cell) opens the cell's letter
 * picker: a checkbox per letter, Save and Cancel, and "More…" for the plain form. On the
 * keyboard R, A, C and I toggle a letter in the focused cell; Enter or leaving the cell saves
 * it through POST /api/v1/matrix/cells/ with `expect` (the letters as the page last saw them),
 * so a cell changed by someone else in the meantime gives a conflict message instead of being
 * overwritten; Escape cancels. Every toggle and save is announced in the status region. After
 * a save, Undo posts the letters before it, expecting the letters just saved.
 * A cell is one bare <td>: its duty is its row's, its party its column header's, its letters
 * its badges; the table listens for every cell at once. Without this script each editable row
 * links (✎) to a plain form doing the same.
 */
(function () {
  "use strict";
  var ORDER = "ARCI";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] !== undefined ? values[name] : whole;
    });
  }

  function sortLetters(letters) {
    return ORDER.split("").filter(function (l) { return letters.indexOf(l) !== -1; }).join("");
  }

  // Runs on load, and again after htmx swaps in a new matrix (filters changed).
  function setUp() {
    var table = document.getElementById("matrix");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "true";
    var msg = table.dataset;
    var canEdit = msg.editable === "true";
    var status = document.getElementById("matrix-status");
    var picker = document.getElementById("cell-picker");
    var undoButton = document.getElementById("matrix-undo");
    var counter = document.getElementById("findings-count");
    var counterLabel = document.getElementById("findings-count-label");
    var titles = {};
    Array.prototype.forEach.call(document.querySelectorAll(".legend abbr.raci"), function (abbr) {
      titles[abbr.textContent.trim()] = abbr.getAttribute("title");
    });

    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (row) {
      return row.dataset.duty;
    });
    var grid = rows.map(function (row) {
      // every cell, those of rows this user may not edit included, so columns line up
      return Array.prototype.slice.call(row.querySelectorAll("td"));
    });
    if (!grid.length || !grid[0].length) return;
    var headers = table.tHead.rows[0].cells;

    function render(cell, letters) {
      cell.textContent = "";
      letters.split("").forEach(function (letter) {
        var abbr = document.createElement("abbr");
        abbr.className = "raci raci-" + letter.toLowerCase();
        abbr.title = titles[letter] || letter;
        abbr.textContent = letter;
        cell.appendChild(abbr);
      });
    }

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("notice--error", !!isError);
      status.classList.toggle("notice", !!text);
    }

    function editable(cell) {
      return canEdit && cell.parentNode.classList.contains("is-editable");
    }

    function partyOf(cell) {
      return headers[cell.cellIndex].dataset.party;
    }

    // "Technology on Fix payment outage: A, R — saved": the names people read on the page.
    function describeCell(template, cell, letters, extra) {
      var link = headers[cell.cellIndex].querySelector("a");
      var values = {party: link ? link.textContent.trim() : partyOf(cell),
                    duty: cell.parentNode.querySelector("th a").textContent.trim(),
                    letters: letters ? letters.split("").join(", ") : msg.msgEmpty};
      Object.keys(extra || {}).forEach(function (key) { values[key] = extra[key]; });
      return fill(template, values);
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

    function current(cell) {
      return cell.dataset.pending !== undefined ? cell.dataset.pending : letters(cell);
    }

    function pending(cell) {
      return cell.dataset.pending !== undefined && cell.dataset.pending !== letters(cell);
    }

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

    // ---- the letter picker ----
    var pickerCell = null;
    var boxes = picker ? Array.prototype.slice.call(picker.querySelectorAll("input")) : [];

    function syncPicker(cell) {
      if (cell !== pickerCell) return;
      boxes.forEach(function (box) { box.checked = current(cell).indexOf(box.value) !== -1; });
    }

    function openPicker(cell) {
      if (!picker || !editable(cell)) return;
      if (pickerCell && pickerCell !== cell) closePicker(false);
      pickerCell = cell;
      syncPicker(cell);
      document.getElementById("cell-picker-title").textContent =
        describeCell(msg.msgPicker, cell, "");
      var more = picker.querySelector("[data-picker-more]");
      more.href = msg.cellUrl + "?duty=" + encodeURIComponent(cell.parentNode.dataset.duty) +
        "&party=" + encodeURIComponent(partyOf(cell)) + "&next=" +
        encodeURIComponent(location.pathname + location.search + "#" + cell.parentNode.id);
      var box = picker.parentNode, wrap = box.getBoundingClientRect();
      var at = cell.getBoundingClientRect();
      picker.hidden = false;
      // Below the cell, or above it when the scrolled matrix has no room left below.
      var above = at.bottom + picker.offsetHeight > wrap.bottom &&
        at.top - wrap.top >= picker.offsetHeight;
      picker.style.top = (above ? at.top - wrap.top - picker.offsetHeight
                                : at.bottom - wrap.top) + box.scrollTop + "px";
      picker.style.left = Math.max(0, at.left - wrap.left + box.scrollLeft) + "px";
      picker.scrollIntoView({block: "nearest", inline: "nearest"});
      cell.setAttribute("aria-expanded", "true");
    }

    function closePicker(refocus) {
      if (!pickerCell) return;
      var cell = pickerCell;
      pickerCell = null;
      picker.hidden = true;
      cell.removeAttribute("aria-expanded");
      if (refocus) focusCell(cell);
    }

    function setPending(cell, next, change) {
      cell.dataset.pending = sortLetters(next);
      render(cell, cell.dataset.pending);
      cell.classList.toggle("is-pending", pending(cell));
      cell.classList.remove("is-conflict");
      syncPicker(cell);
      say(change + " " + describeCell(msg.msgPending, cell, cell.dataset.pending));
    }

    function toggle(cell, letter) {
      var now = current(cell), adding = now.indexOf(letter) === -1;
      setPending(cell, adding ? now + letter : now.replace(letter, ""),
                 fill(adding ? msg.msgAdded : msg.msgRemoved, {letter: titles[letter] || letter}));
    }

    function cancel(cell) {
      if (cell.dataset.pending === undefined) return;
      delete cell.dataset.pending;
      render(cell, letters(cell));
      cell.classList.remove("is-pending");
      say("");
    }

    // ---- saving, and undoing the last save ----
    function post(cells) {
      return fetch(msg.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json",
                  "X-CSRFToken": msg.csrf},
        body: JSON.stringify({cells: cells})
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return {status: response.status, data: data};
        });
      });
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

    function findingsSaid(data, row) {
      var introduced = data.introduced || [], resolved = data.resolved || [];
      updateCount(introduced.length - resolved.length);
      updateRow(row, introduced, resolved);
      var said = introduced.map(function (f) { return msg.msgIntroduced + " " + f.message; })
        .concat(resolved.map(function (f) { return msg.msgResolved + " " + f.message; }));
      return {text: said.join(" "), bad: introduced.length > 0};
    }

    function settle(cell, saved) {
      delete cell.dataset.pending;
      cell.dataset.letters = saved;
      render(cell, saved);
      cell.classList.remove("is-saving", "is-pending", "is-conflict");
      syncPicker(cell);
    }

    function failed(cell, result) {
      var stale = (result.data.cells && result.data.cells[0]) || {};
      if (result.status === 409) {
        var actual = stale.actual !== undefined ? stale.actual : letters(cell);
        settle(cell, actual);
        cell.classList.add("is-conflict");
        return actual;
      }
      settle(cell, letters(cell));
      var detail = result.data.detail || JSON.stringify(result.data.cells || result.data);
      say(msg.msgError + " " + detail, true);
      return null;
    }

    var lastSave = null;  // {cell, before, after}: what Undo restores

    function save(cell) {
      if (!pending(cell) || cell.classList.contains("is-saving")) return;
      var duty = cell.parentNode.dataset.duty, party = partyOf(cell);
      var before = letters(cell), wanted = cell.dataset.pending;
      cell.classList.add("is-saving");
      post([{duty: duty, party: party, raci: wanted, expect: before}]).then(function (result) {
        if (result.status !== 200) {
          var actual = failed(cell, result);
          if (actual !== null) say(msg.msgConflict.replace("{actual}", actual || msg.msgEmpty), true);
          return;
        }
        var saved = ((result.data.cells && result.data.cells[0]) || {raci: wanted}).raci;
        settle(cell, saved);
        cell.classList.add("is-saved");
        setTimeout(function () { cell.classList.remove("is-saved"); }, 1300);
        var findings = findingsSaid(result.data, cell.parentNode);
        say((describeCell(msg.msgSaved, cell, saved) + " " + findings.text).trim(), findings.bad);
        lastSave = {cell: cell, before: before, after: saved};
        if (undoButton) undoButton.hidden = false;
      }).catch(function (error) {
        cell.classList.remove("is-saving");
        say(msg.msgError + " " + error, true);
      });
    }

    function undo() {
      var last = lastSave;
      if (!last) return;
      lastSave = null;
      undoButton.hidden = true;
      var cell = last.cell;
      post([{duty: cell.parentNode.dataset.duty, party: partyOf(cell), raci: last.before,
             expect: last.after}]).then(function (result) {
        if (result.status !== 200) {
          var actual = failed(cell, result);
          if (actual !== null) {
            say(describeCell(msg.msgUndoConflict, cell, actual,
                             {actual: actual || msg.msgEmpty}), true);
          }
          return;
        }
        settle(cell, last.before);
        var findings = findingsSaid(result.data, cell.parentNode);
        say((describeCell(msg.msgUndone, cell, last.before) + " " + findings.text).trim(),
            findings.bad);
      }).catch(function (error) {
        say(msg.msgError + " " + error, true);
      });
    }

    // ---- events ----
    var first = grid[0][0];
    if (canEdit) first = table.querySelector("tr.is-editable td") || first;
    first.tabIndex = 0;

    table.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      if (!cell) return;
      focusCell(cell);
      openPicker(cell);
    });

    table.addEventListener("keydown", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      if (!cell || event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
      if (moves[key] || key === "Home" || key === "End") {
        event.preventDefault();
        save(cell);
        closePicker(false);
        if (moves[key]) move(cell, moves[key][0], moves[key][1]);
        else move(cell, 0, 0, key === "Home" ? "start" : "end");
      } else if (editable(cell) && key.length === 1 && ORDER.indexOf(key.toUpperCase()) !== -1) {
        event.preventDefault();
        toggle(cell, key.toUpperCase());
      } else if (key === "Enter" && editable(cell)) {
        event.preventDefault();
        if (pending(cell)) {
          closePicker(false);
          save(cell);
        } else {
          openPicker(cell);
        }
      } else if (key === "Escape") {
        cancel(cell);
        closePicker(false);
      } else if (key === "Tab" && !event.shiftKey && pickerCell === cell) {
        event.preventDefault();
        boxes[0].focus();
      }
    });

    table.addEventListener("focusout", function (event) {
      var cell = event.target.closest && event.target.closest("tbody td");
      var to = event.relatedTarget;
      if (!cell || cell.contains(to) || (picker && picker.contains(to))) return;
      if (editable(cell)) save(cell);
      if (!(to && to.closest && to.closest("#matrix tbody td"))) closePicker(false);
    });

    if (picker) {
      picker.querySelector("form").addEventListener("submit", function (event) {
        event.preventDefault();
        var cell = pickerCell;
        closePicker(true);
        if (cell) save(cell);
      });
      picker.addEventListener("change", function (event) {
        if (!pickerCell || !event.target.matches("input")) return;
        var next = boxes.filter(function (box) { return box.checked; })
          .map(function (box) { return box.value; }).join("");
        var letter = event.target.value;
        setPending(pickerCell, next, fill(event.target.checked ? msg.msgAdded : msg.msgRemoved,
                                          {letter: titles[letter] || letter}));
      });
      picker.querySelector("[data-picker-cancel]").addEventListener("click", function () {
        var cell = pickerCell;
        closePicker(true);
        if (cell) cancel(cell);
      });
      picker.addEventListener("keydown", function (event) {
        var focusable = picker.querySelectorAll("input, button, a[href]");
        var cell = pickerCell;
        if (event.key === "Escape" && cell) {
          event.preventDefault();
          closePicker(true);
          cancel(cell);
        } else if (event.key === "Tab" && cell && (event.shiftKey
            ? event.target === focusable[0] : event.target === focusable[focusable.length - 1])) {
          event.preventDefault();  // the picker belongs to its cell: Tab goes round, back to it
          focusCell(cell);
        }
      });
      // Leaving the picker for elsewhere on the page saves, as leaving a cell does.
      document.addEventListener("mousedown", function (event) {
        if (!pickerCell || picker.contains(event.target) || pickerCell.contains(event.target)) {
          return;
        }
        var cell = pickerCell;
        closePicker(false);
        save(cell);
      });
      picker.addEventListener("focusout", function (event) {
        var to = event.relatedTarget;
        if (!pickerCell || !to || picker.contains(to) || pickerCell.contains(to)) return;
        var cell = pickerCell;
        closePicker(false);
        save(cell);
      });
    }
    if (undoButton) undoButton.addEventListener("click", undo);

    // ?duty=<code>&focus=<party key>: that cell (or the row's first) focused, its picker open.
    if (msg.focusDuty) {
      var row = table.querySelector('tbody tr[data-duty="' + CSS.escape(msg.focusDuty) + '"]');
      var column = Array.prototype.findIndex.call(headers, function (header) {
        return msg.focus && header.dataset.party === msg.focus;
      });
      var target = row && (column > 0 ? row.cells[column] : row.querySelector("td"));
      if (target) {
        focusCell(target);
        openPicker(target);
      }
    }
  }

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();
