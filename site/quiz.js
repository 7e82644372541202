/* The lessons' quizzes, interactive on the static site: choose, check, feedback, score.

   The questions come from the same banks as the notebooks' quizzes: `python -m lessons.site` writes
   each quiz into its page as JSON (lessons/site.py, `quiz_spec`). Grading here follows
   lessons/questions/types.py rule for rule and message for message, and tests/test_site.py runs
   both on every question of every bank, with right, wrong and odd answers, and compares the
   feedback they give. A question type added in Python needs its grader here too (that test
   fails until it has one).

   Nothing is loaded from elsewhere and nothing is saved or sent: the score lives on the page.
   Under Node (the tests) the grading functions are exported and no page is touched. */
(function () {
  "use strict";

  var CORRECT = "correct", WRONG = "wrong", INVALID = "invalid";

  // ---- text, as lessons/html.py writes it

  function escape(text) {
    // Python's html.escape(quote=True).
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function plural(n, word, many) {
    return n === 1 ? n + " " + word : n + " " + (many || word + "s");
  }

  function chars(text) {
    return Array.from(text);  // code points, as Python counts and slices them
  }

  // Python's str.isspace(): what str.strip() removes.
  var PY_SPACE = "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002" +
    "\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

  function pyStrip(text) {
    var list = chars(String(text)), start = 0, end = list.length;
    while (start < end && PY_SPACE.indexOf(list[start]) >= 0) start += 1;
    while (end > start && PY_SPACE.indexOf(list[end - 1]) >= 0) end -= 1;
    return list.slice(start, end).join("");
  }

  // ---- numbers, as Python reads and writes them

  var DIGIT = /\p{Nd}/u;

  function digitValue(ch) {
    // Unicode's decimal digits come in runs of ten, 0 to 9: count back to the start of the block.
    var code = ch.codePointAt(0), start = code;
    while (DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    return (code - start) % 10;
  }

  var PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

  function pyFloat(text) {
    // float(text) in Python: other scripts' digits count, "_" may join digits, spaces around.
    var ascii = "";
    var list = chars(text);
    for (var i = 0; i < list.length; i += 1) {
      var ch = list[i];
      if (PY_SPACE.indexOf(ch) >= 0) ascii += " ";
      else if (ch.codePointAt(0) < 128) ascii += ch;
      else if (DIGIT.test(ch)) ascii += String(digitValue(ch));
      else return null;
    }
    ascii = ascii.replace(/^[ \t\n\u000b\f\r]+|[ \t\n\u000b\f\r]+$/g, "");
    if (!PY_FLOAT.test(ascii)) return null;  // "inf" and "nan" too: Python reads them, then refuses them
    return Number(ascii.replace(/_/g, ""));
  }

  function parseNumber(answer) {
    // NumberQuestion.parse
    if (answer === null || answer === undefined || typeof answer === "boolean") return null;
    var value;
    if (typeof answer === "number") {
      value = answer;
    } else {
      var text = pyStrip(answer).split(" ").join("").split("\u00a0").join("");
      var list = chars(text);
      var commas = list.filter(function (c) { return c === ","; }).length;
      // "1,937" is a thousands separator; "2,5" is a European decimal comma.
      if (commas === 1 && list.length >= 4 && list[list.length - 4] === ",") text = text.replace(",", "");
      value = pyFloat(text.split(",").join("."));
      if (value === null) return null;
    }
    return isFinite(value) ? value : null;
  }

  function exactDecimal(value) {
    // The exact digits of a double: value = digits × 10^-scale.
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, Math.abs(value));
    var high = view.getUint32(0), low = view.getUint32(4);
    var exponent = (high >>> 20) & 0x7ff;
    var mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
    if (exponent === 0) exponent = 1; else mantissa |= 1n << 52n;
    var power = exponent - 1075;
    if (power >= 0) return { digits: (mantissa << BigInt(power)).toString(), scale: 0 };
    return { digits: (mantissa * 5n ** BigInt(-power)).toString(), scale: -power };
  }

  function formatG(value) {
    // Python's f"{value:g}": six significant digits, rounded half to even on the exact value.
    var exact = exactDecimal(value);
    var digits = exact.digits.replace(/^0+/, "");
    var exponent = digits.length - exact.scale - 1;
    var kept = digits.slice(0, 6), rest = digits.slice(6);
    while (kept.length < 6) kept += "0";
    var half = rest.length ? "5" + "0".repeat(rest.length - 1) : "";
    var up = rest.length && (rest > half || (rest === half && Number(kept[5]) % 2 === 1));
    if (up) {
      kept = (BigInt(kept) + 1n).toString();
      if (kept.length > 6) { kept = kept.slice(0, 6); exponent += 1; }
    }
    var text;
    if (exponent >= -4 && exponent < 6) {
      var whole = exponent >= 0 ? kept.slice(0, exponent + 1) : "0";
      var fraction = exponent >= 0 ? kept.slice(exponent + 1) : "0".repeat(-exponent - 1) + kept;
      fraction = fraction.replace(/0+$/, "");
      text = fraction ? whole + "." + fraction : whole;
    } else {
      var mantissa = kept[0] + "." + kept.slice(1);
      mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
      var size = String(Math.abs(exponent));
      text = mantissa + "e" + (exponent < 0 ? "-" : "+") + (size.length < 2 ? "0" + size : size);
    }
    return (value < 0 ? "-" : "") + text;
  }

  function formatNumber(value) {
    // types._number: whole numbers as integers, others as "g".
    if (Number.isInteger(value)) return BigInt(value).toString();
    return formatG(value);
  }

  // ---- grading: one grader per question type, as in types.py

  function asBool(answer) {
    if (typeof answer === "boolean") return answer;
    var text = pyStrip(answer === null || answer === undefined ? "None" : String(answer)).toLowerCase();
    return text === "true" ? true : text === "false" ? false : null;
  }

  function quoted(text) {
    return "\u201c" + text + "\u201d";
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; });
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  function numberGrader(early, late) {
    return {
      problem: function (q, answer) {
        if (answer === null || answer === undefined || pyStrip(String(answer)) === "") {
          return "Type a " + q.what + " in the box first.";
        }
        var value = parseNumber(answer);
        if (value === null) {
          return quoted(chars(pyStrip(String(answer))).slice(0, 40).join("")) + " is not a " + q.what +
            ": type digits, like " + q.example + ".";
        }
        if (!(q.minimum <= value && value <= q.maximum)) {
          return formatNumber(value) + " is out of range: type a " + q.what + " between " +
            formatNumber(q.minimum) + " and " + formatNumber(q.maximum) + ".";
        }
        return "";
      },
      right: function (q, answer) { return Math.abs(parseNumber(answer) - q.answer) <= q.tolerance; },
      hint: function (q, answer) {
        var value = parseNumber(answer);
        return formatNumber(value) + " is too " + (value < q.answer ? early : late) + ".";
      },
      notes: function () { return []; },
    };
  }

  var GRADERS = {
    single: {
      problem: function (q, answer) {
        if (answer === null || answer === undefined || answer === "") return "Choose one of the options first.";
        if (q.options.indexOf(answer) < 0) return "That is not one of the options: choose one from the list.";
        return "";
      },
      right: function (q, answer) { return answer === q.answer; },
      hint: function (q, answer) { return quoted(answer) + " is not the right answer."; },
      notes: function (q, answer) { return note(q, [answer], function (key, text) { return text; }); },
    },
    multiple: {
      problem: function (q, answer) {
        if (!answer || !answer.length) return "Tick at least one option first.";
        if (!answer.every(function (a) { return q.options.indexOf(a) >= 0; })) return "Tick options from the list only.";
        return "";
      },
      right: function (q, answer) { return sameSet(unique(answer), q.answers); },
      hint: function (q, answer) {
        var chosen = unique(answer);
        var right = chosen.filter(function (a) { return q.answers.indexOf(a) >= 0; }).length;
        return "You ticked " + right + " of the " + q.answers.length + " right answers and " +
          plural(chosen.length - right, "wrong one") + ".";
      },
      notes: function (q, answer) {
        var wrong = q.options.filter(function (o) { return answer.indexOf(o) >= 0 && q.answers.indexOf(o) < 0; });
        return note(q, wrong, function (key, text) { return quoted(key) + ": " + text; });
      },
    },
    truefalse: {
      problem: function (q, answer) { return asBool(answer) === null ? "Choose True or False first." : ""; },
      right: function (q, answer) { return asBool(answer) === q.answer; },
      hint: function (q, answer) { return quoted(asBool(answer) ? "True" : "False") + " is not the right answer."; },
      notes: function (q, answer) {
        return note(q, [asBool(answer) ? "True" : "False"], function (key, text) { return text; });
      },
    },
    number: numberGrader("low", "high"),
    year: numberGrader("early", "late"),
    order: {
      problem: function (q, answer) {
        answer = answer || [];
        if (answer.length !== q.items.length || answer.some(function (a) { return a === null || a === undefined; })) {
          return "Choose an item for every position first.";
        }
        if (unique(answer).length !== answer.length) {
          return "Each item goes in one position only: one of them is chosen twice.";
        }
        if (!sameSet(answer, q.items)) return "Choose items from the list only.";
        return "";
      },
      right: function (q, answer) { return answer.every(function (a, i) { return a === q.items[i]; }); },
      hint: function (q, answer) {
        var placed = answer.filter(function (a, i) { return a === q.items[i]; }).length;
        return placed + " of " + q.items.length + " are in the right position.";
      },
      notes: function (q, answer) {
        var misplaced = answer.filter(function (a, i) { return a !== q.items[i]; });
        return note(q, misplaced, function (key, text) { return quoted(key) + " is out of place: " + text; });
      },
    },
    match: {
      problem: function (q, answer) {
        answer = answer || {};
        var given = q.lefts.map(function (left) { return Object.prototype.hasOwnProperty.call(answer, left) ? answer[left] : null; });
        if (given.some(function (a) { return a === null || a === undefined; })) return "Choose a match for every item first.";
        if (!given.every(function (a) { return q.choices.indexOf(a) >= 0; })) return "Choose matches from the list only.";
        return "";
      },
      right: function (q, answer) {
        return q.pairs.every(function (pair) { return answer[pair[0]] === pair[1]; });
      },
      hint: function (q, answer) {
        var right = q.pairs.filter(function (pair) { return answer[pair[0]] === pair[1]; }).length;
        return right + " of " + q.pairs.length + " matches are right.";
      },
      notes: function (q, answer) {
        var wrong = q.pairs.filter(function (pair) { return answer[pair[0]] !== pair[1]; })
          .map(function (pair) { return pair[0]; });
        return note(q, wrong, function (key, text) { return quoted(key) + ": " + text; });
      },
    },
  };

  function note(q, keys, write) {
    // The bank's explanations for the wrong answers given, in the order the keys come.
    var texts = q.feedback || {};
    return keys.filter(function (key) { return Object.prototype.hasOwnProperty.call(texts, key); })
      .map(function (key) { return write(key, texts[key]); });
  }

  function check(q, answer) {
    // Question.check: {status, message, notes}.
    var grader = GRADERS[q.kind];
    if (!grader) throw new Error("no grader for question type " + q.kind);
    var problem = grader.problem(q, answer);
    if (problem) return { status: INVALID, message: problem, notes: [] };
    if (grader.right(q, answer)) return { status: CORRECT, message: "", notes: [] };
    return { status: WRONG, message: grader.hint(q, answer), notes: grader.notes(q, answer) };
  }

  // ---- feedback, as lessons/quiz.py writes it

  function feedbackHtml(q, feedback) {
    var body;
    if (feedback.status === CORRECT) {
      body = "<p><strong>\u2714 Correct.</strong> " + escape(q.explanation) + "</p>" + q.sources_html;
    } else if (feedback.status === WRONG) {
      body = "<p><strong>\u2718 Not quite.</strong> " + escape(feedback.message) + "</p>" +
        feedback.notes.map(function (n) { return "<p>" + escape(n) + "</p>"; }).join("") +
        "<p>Try again, or choose \u201cShow answer\u201d.</p>" + q.sources_html;
    } else {
      body = "<p><strong>\u26a0 Not checked yet.</strong> " + escape(feedback.message) + "</p>";
    }
    return '<div role="status" aria-live="polite">' + body + "</div>";
  }

  function revealHtml(q) {
    return '<div role="status" aria-live="polite"><p><strong>\u24d8 Answer shown.</strong></p>' +
      q.answer_html + "</div>";
  }

  // ---- the score, as Quiz.score and Outcome count it

  function Outcome() {
    this.attempts = 0;
    this.correct = false;
    this.revealed = false;
  }

  Outcome.prototype.checked = function (feedback) {
    if (feedback.status === INVALID) return;  // odd input is not an attempt
    this.attempts += 1;
    // Right after the answer was shown is not counted as right; right once stays right.
    if (feedback.status === CORRECT && !this.revealed) this.correct = true;
  };

  function scoreHtml(outcomes) {
    var correct = outcomes.filter(function (o) { return o.correct; }).length;
    var attempted = outcomes.filter(function (o) { return o.attempts > 0; }).length;
    return "<p><strong>Score:</strong> " + correct + " of " + outcomes.length + " correct (" +
      attempted + " attempted).</p>";
  }

  // ---- the page

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function menu(id, label, choices) {
    var select = element("select", { id: id });
    select.appendChild(element("option", { value: "" }, ["\u2014 choose \u2014"]));
    choices.forEach(function (c) { select.appendChild(element("option", { value: c }, [c])); });
    return { node: element("div", { "class": "pwv-row" }, [element("label", { "for": id }, [label + " "]), select]), input: select };
  }

  function inputsFor(q, id) {
    // The inputs of one question and a function that reads the answer, as types.controls does.
    var rows = [], read;
    if (q.kind === "single" || q.kind === "truefalse" || q.kind === "multiple") {
      var type = q.kind === "multiple" ? "checkbox" : "radio";
      var boxes = q.choices.map(function (c, i) {
        var box = element("input", { type: type, name: id, id: id + "-" + i, value: c });
        rows.push(element("div", { "class": "pwv-row" }, [box, " ", element("label", { "for": id + "-" + i }, [c])]));
        return box;
      });
      read = type === "checkbox"
        ? function () { return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }
        : function () { var on = boxes.filter(function (b) { return b.checked; }); return on.length ? on[0].value : null; };
    } else if (q.kind === "number" || q.kind === "year") {
      var box = element("input", { type: "text", id: id + "-0", inputmode: "decimal", autocomplete: "off",
        placeholder: q.kind === "year" ? "e.g. 1929" : "a number" });
      var label = q.kind === "year" ? "Year:" : q.unit ? "Answer (" + q.unit + "):" : "Answer:";
      rows.push(element("div", { "class": "pwv-row" }, [element("label", { "for": id + "-0" }, [label + " "]), box]));
      read = function () { return box.value; };
    } else if (q.kind === "order") {
      var n = q.items.length;
      var menus = q.items.map(function (_, i) {
        var text = i === 0 ? "Position 1 (earliest):" : i === n - 1 ? "Position " + n + " (latest):" : "Position " + (i + 1) + ":";
        var m = menu(id + "-" + i, text, q.choices);
        rows.push(m.node);
        return m.input;
      });
      read = function () { return menus.map(function (m) { return m.value === "" ? null : m.value; }); };
    } else if (q.kind === "match") {
      var pairs = q.lefts.map(function (left, i) {
        var m = menu(id + "-" + i, left + ":", q.choices);
        rows.push(m.node);
        return [left, m.input];
      });
      read = function () {
        var answer = {};
        pairs.forEach(function (p) { answer[p[0]] = p[1].value === "" ? null : p[1].value; });
        return answer;
      };
    } else {
      throw new Error("no inputs for question type " + q.kind);
    }
    return { rows: rows, read: read };
  }

  function mount(container) {
    var data = container.querySelector("script.pwv-quiz-data");
    if (!data) return;
    var quiz = JSON.parse(data.textContent);
    var outcomes = quiz.questions.map(function () { return new Outcome(); });
    var score = element("p", { "class": "pwv-score", role: "status" });
    var form = element("div", { "class": "pwv-quiz-live" });
    form.appendChild(element("p", {}, [element("strong", {}, ["Quiz: " + quiz.title]),
      " (" + plural(quiz.questions.length, "question") + ")"]));
    form.appendChild(element("p", {}, [element("em", {}, [
      "Choose or type an answer, then \u201cCheck answer\u201d. Your answers stay on this page: " +
      "they are not saved or sent anywhere, and they are gone when you close it."])]));
    quiz.questions.forEach(function (q, index) {
      var number = index + 1, id = quiz.lesson + "-q" + number;
      var controls = inputsFor(q, id);
      var legend = element("legend", {}, [element("strong", {}, ["Question " + number + "."]), " " + q.prompt + " ",
        element("em", {}, [q.instruction])]);
      var fieldset = element("fieldset", {}, [legend].concat(controls.rows));
      var checkButton = element("button", { type: "button", "class": "pwv-check" }, ["Check answer"]);
      var showButton = element("button", { type: "button", "class": "pwv-show", hidden: "" }, ["Show answer"]);
      var feedback = element("div", { "class": "pwv-feedback" });
      checkButton.addEventListener("click", function () {
        var result = check(q, controls.read());
        outcomes[index].checked(result);
        if (result.status !== INVALID) showButton.hidden = false;
        feedback.innerHTML = feedbackHtml(q, result);  // every text in it is escaped
        score.innerHTML = scoreHtml(outcomes);
      });
      showButton.addEventListener("click", function () {
        outcomes[index].revealed = true;
        feedback.innerHTML = revealHtml(q);
        score.innerHTML = scoreHtml(outcomes);
      });
      form.appendChild(element("div", { "class": "pwv-question", id: id }, [fieldset,
        element("div", { "class": "pwv-buttons" }, [checkButton, " ", showButton]), feedback]));
    });
    score.innerHTML = scoreHtml(outcomes);
    form.appendChild(score);
    var fallback = container.querySelector(".pwv-quiz-static");
    if (fallback) fallback.hidden = true;
    container.appendChild(form);
  }

  var api = { check: check, feedbackHtml: feedbackHtml, revealHtml: revealHtml, formatNumber: formatNumber,
    parseNumber: parseNumber, escape: escape, Outcome: Outcome, scoreHtml: scoreHtml, GRADERS: GRADERS };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    var start = function () { document.querySelectorAll(".pwv-quiz").forEach(mount); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
