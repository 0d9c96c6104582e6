/*
 * player.js: plays the scenario in MEMVIZ (written by memviz --html) like
 * the viewer.  Embedded by tools/embed.sh.  Loads nothing, sends nothing.
 *
 * Position: `at` indexes MEMVIZ.steps; in micro-step mode `ev` indexes the
 * step's micro-step screens (m), the last one being the whole step.  Keys
 * and buttons call the same functions; every move renders the screen, the
 * side panel and the timeline, and writes the URL fragment #step=K (or
 * #step=K.J for event J in micro-step mode), which is also followed.
 *
 * A step the scenario `ask`s about (st.ask) is a question when reached by
 * stepping forward (`asking`): the screen before it and the question show,
 * the outcome and the answer stay hidden until Right/Space reveals them,
 * as in the viewer.  Links, jumps and Left show the step itself.
 */
(function () {
	"use strict";
	/*
	 * The data: JSON, compressed by html.c's lz_compress.  A unit is
	 * itself, "~~" is "~", "~" DIST LEN copies LEN + 8 units from DIST + 1
	 * back; numbers are base 32, digits from MORE then one from LAST.
	 */
	function inflate(p, units) {
		var MORE = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
		var LAST = "abcdefghijklmnopqrstuvwxyz!#$%&*";
		var val = {}, out = new Uint16Array(units), i = 0, o = 0, k, n;
		var chunks = [], dist, len;
		for (k = 0; k < 32; k++) {
			val[MORE.charCodeAt(k)] = k;
			val[LAST.charCodeAt(k)] = k + 32;
		}
		function num() {
			var v = 0, d;
			for (;;) {
				d = val[p.charCodeAt(i++)];
				if (d === undefined)
					throw new Error("memviz: damaged page data at " + i);
				if (d >= 32)
					return v * 32 + d - 32;
				v = v * 32 + d;
			}
		}
		n = p.length;
		while (i < n) {
			k = p.charCodeAt(i++);
			if (k !== 126 || p.charCodeAt(i) === 126) {
				if (k === 126)
					i++;
				out[o++] = k;
				continue;
			}
			dist = num() + 1;
			len = num() + 8;
			for (; len > 0; len--, o++)
				out[o] = out[o - dist];
		}
		for (k = 0; k < o; k += 8192)
			chunks.push(String.fromCharCode.apply(null, out.subarray(k, Math.min(o, k + 8192))));
		return chunks.join("");
	}

	var box = document.getElementById("memviz-data");
	var D = JSON.parse(inflate(box.textContent, +box.getAttribute("data-units")));
	var steps = D.steps, F = D.flags;
	window.MEMVIZ = D;
	var at = 0, micro = false, ev = 0, query = "", asking = false;
	var decoded = [];
	var el = {};

	function $(tag, attrs, text) {
		var e = document.createElement(tag), k;
		for (k in attrs || {})
			e.setAttribute(k, attrs[k]);
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	/* The row ids of screen i: from its keyframe, diffs applied. */
	function screen(i) {
		var rows, j = i, s, p;
		while (!decoded[j] && D.screens[j][0] !== 0)
			j--;
		rows = decoded[j] || D.screens[j].slice(1);
		decoded[j] = rows;
		for (j++; j <= i; j++) {
			s = D.screens[j];
			if (s[0] === 0) {
				rows = s.slice(1);
			} else {
				rows = rows.slice();
				for (p = 1; p < s.length; p += 2)
					rows[s[p]] = s[p + 1];
			}
			decoded[j] = rows;
		}
		return decoded[i];
	}

	/*
	 * The HTML of row id: a string, or [base, P, S, middle] (base's first
	 * P and last S units around middle), resolved once, without recursion.
	 */
	function row(id) {
		var chain = [], r, t, b;
		while (typeof D.rows[id] !== "string") {
			chain.push(id);
			id = D.rows[id][0];
		}
		t = D.rows[id];
		while (chain.length) {
			id = chain.pop();
			r = D.rows[id];
			b = D.rows[r[0]];
			t = b.substring(0, r[1]) + r[3] + b.substring(b.length - r[2]);
			D.rows[id] = t;
		}
		return t;
	}

	function screenHtml(i) {
		return screen(i).map(row).join("\n");
	}

	function narration(st) {
		return st.k === 0 ? "The starting state, before the first step."
				  : st.ev.join(" ");
	}

	function curScreen() {
		var st = steps[at];
		if (asking)
			return st.ask.q;
		return micro ? st.m[Math.min(ev, st.m.length - 1)] : st.s;
	}

	function say(text) {
		el.msg.textContent = text || "";
	}

	function fragment() {
		var st = steps[at];
		if (micro && st.k > 0)
			return "#step=" + st.k + "." + (ev + 1);
		return "#step=" + st.k;
	}

	function render() {
		var st = steps[at], i, p, total = steps.length, n = D.count;
		el.screen.innerHTML = screenHtml(curScreen());
		el.screen.setAttribute("data-step", st.k);
		el.screen.setAttribute("data-event", micro && st.k > 0 ? ev + 1 : "");
		el.screen.setAttribute("data-micro", micro ? "1" : "0");
		el.screen.setAttribute("data-asking", asking ? "1" : "0");
		el.pos.textContent = "Step " + st.k + " of " + n +
			(asking ? ": a question" :
			 micro && st.k > 0 ? ", event " + (ev + 1) + " of " + st.m.length : "");
		if (st.chapter) {
			var c = $("span", { "class": "chapter" }, " \u2014 " + st.chapter);
			el.pos.appendChild(c);
		}
		el.narration.textContent = "";
		if (asking) {
			el.narration.appendChild($("p", { "class": "current" },
				"Question: " + st.ask.question));
			el.narration.appendChild($("p", { "class": "later" },
				"(what step " + st.k + " does stays hidden: Right or Space reveals it)"));
		} else if (st.k === 0) {
			el.narration.appendChild($("p", {}, narration(st)));
		} else {
			for (i = 0; i < st.ev.length && (!micro || i <= ev); i++) {
				p = $("p", {}, st.ev[i]);
				if (micro && i === ev)
					p.className = "current";
				el.narration.appendChild(p);
			}
			if (i < st.ev.length)
				el.narration.appendChild($("p", { "class": "later" },
					"(" + (st.ev.length - i) + " more event" +
					(st.ev.length - i > 1 ? "s" : "") +
					" still to come in micro-steps)"));
		}
		el.note.hidden = !st.note || asking;
		el.note.textContent = "";
		if (st.note && !asking) {
			el.note.appendChild($("strong", {}, "Note: "));
			el.note.appendChild(document.createTextNode(st.note));
		}
		renderAsk(st);
		el.done.style.width = total > 1 ? (100 * at / (total - 1)) + "%" : "100%";
		el.knob.style.left = total > 1 ? (100 * at / (total - 1)) + "%" : "0";
		el.timeline.setAttribute("aria-valuenow", st.k);
		el.timeline.setAttribute("aria-valuetext", "step " + st.k);
		el.btnMicro.textContent = micro ? "m: micro-steps on" : "m: micro-steps off";
		el.btnMicro.setAttribute("aria-pressed", micro ? "true" : "false");
		for (i = 0; i < el.chapterLinks.length; i++)
			el.chapterLinks[i].a.className =
				el.chapterLinks[i].at <= at &&
				(i + 1 === el.chapterLinks.length || el.chapterLinks[i + 1].at > at)
					? "here" : "";
		if (location.hash !== fragment()) {
			try {
				history.replaceState(null, "", fragment());
			} catch (e) {
				location.replace(fragment());
			}
		}
	}

	/* The question of an `ask` step, its answer hidden until revealed. */
	function renderAsk(st) {
		el.ask.textContent = "";
		el.ask.hidden = !st.ask;
		if (!st.ask)
			return;
		el.ask.appendChild($("p", {}, "Question: " + st.ask.question));
		if (asking)
			el.ask.appendChild($("p", { "class": "hidden-answer" },
				"The answer is hidden: Right or Space reveals it."));
		else if (st.ask.answer)
			el.ask.appendChild($("p", { "class": "answer" },
				"Answer: " + st.ask.answer));
		else
			el.ask.appendChild($("p", { "class": "answer" },
				"(an open question: the step shows the outcome)"));
	}

	function go(i, evIndex) {
		asking = false;
		at = Math.max(0, Math.min(steps.length - 1, i));
		ev = evIndex === undefined ? steps[at].m.length - 1
					   : Math.max(0, Math.min(steps[at].m.length - 1, evIndex));
		render();
	}

	function forward() {
		say("");
		if (asking) {
			asking = false;
			if (micro)
				ev = 0;
			say("revealed");
			render();
		} else if (micro && ev < steps[at].m.length - 1) {
			ev++;
			render();
		} else if (at < steps.length - 1) {
			go(at + 1, micro ? 0 : undefined);
			if (steps[at].ask) {
				asking = true;
				render();
			}
		} else {
			say("at the last step (" + steps[at].k + "); Home goes back to the start");
		}
	}

	function back() {
		say("");
		if (asking)
			go(Math.max(0, at - 1));
		else if (micro && ev > 0 && steps[at].k > 0)
			go(at, ev - 1);
		else if (at > 0)
			go(at - 1);
		else
			say("at the start (step " + steps[at].k + ")");
	}

	function toggleMicro() {
		micro = !micro;
		ev = steps[at].m.length - 1; /* the whole step, as the viewer */
		say(micro ? "micro-step mode: Space and Left move one event at a time"
			  : "step mode: Space and Left move one step at a time");
		render();
	}

	/* The index of the step numbered k, or the nearest included before. */
	function indexOf(k) {
		var i;
		for (i = steps.length - 1; i > 0; i--)
			if (steps[i].k <= k)
				return i;
		return 0;
	}

	function find(mask, dir, what) {
		var i;
		for (i = at + dir; i >= 0 && i < steps.length; i += dir)
			if (steps[i].fl & mask) {
				go(i);
				say((mask & F.error) && (steps[i].fl & F.error)
					? "error at step " + steps[i].k
					: (mask & F.mark) && steps[i].mark ? "chapter: " + steps[i].mark
					: what + " at step " + steps[i].k);
				return;
			}
		say("no " + (dir > 0 ? "later " : "earlier ") + what);
	}

	function gotoInput() {
		var v = el.gotoInput.value.trim(), k;
		if (v === "")
			return;
		if (!/^[0-9]+$/.test(v)) {
			say("not a step number: " + v);
			return;
		}
		k = parseInt(v, 10);
		say(k > D.count ? "there are " + D.count + " steps: went to the last" : "");
		go(indexOf(k));
		el.gotoInput.blur();
	}

	function search(dir) {
		var q = el.search.value.trim().toLowerCase(), i, j, n = steps.length;
		if (q === "")
			return;
		for (j = 1; j <= n; j++) {
			i = ((at + dir * j) % n + n) % n;
			if (narration(steps[i]).toLowerCase().indexOf(q) >= 0) {
				go(i);
				say("\"" + el.search.value.trim() + "\" at step " + steps[i].k);
				return;
			}
		}
		say("\"" + el.search.value.trim() + "\" not found");
	}

	function listResults() {
		var q = el.search.value.trim().toLowerCase(), i, li, a, count = 0;
		el.results.textContent = "";
		if (q === "" || q === query)
			return;
		for (i = 0; i < steps.length && count < 100; i++) {
			var text = narration(steps[i]), p = text.toLowerCase().indexOf(q);
			if (p < 0)
				continue;
			li = $("li");
			a = $("a", { "data-index": i }, "step " + steps[i].k);
			a.addEventListener("click", function (e) {
				go(+e.target.getAttribute("data-index"));
			});
			li.appendChild(a);
			li.appendChild(document.createTextNode(": \u2026" +
				text.substring(Math.max(0, p - 30), p + q.length + 40) + "\u2026"));
			el.results.appendChild(li);
			count++;
		}
		if (count === 0)
			el.results.appendChild($("li", {}, "no step says that"));
	}

	function followHash() {
		var m = /^#step=([0-9]+)(?:\.([0-9]+))?$/.exec(location.hash);
		if (!m)
			return false;
		var i = indexOf(parseInt(m[1], 10));
		if (m[2] !== undefined && steps[i].k > 0) {
			micro = true;
			go(i, parseInt(m[2], 10) - 1);
		} else {
			go(i);
		}
		return true;
	}

	/* The handout layout for print: every step, one a page. */
	function buildPrintout() {
		if (el.printout.childNodes.length)
			return;
		steps.forEach(function (st) {
			var sec = $("section"), pre = $("pre", { "class": "screen" });
			sec.appendChild($("h2", {}, "Step " + st.k + " of " + D.count +
				(st.chapter ? " \u2014 " + st.chapter : "")));
			pre.innerHTML = screenHtml(st.s);
			sec.appendChild(pre);
			if (st.ask)
				sec.appendChild($("p", { "class": "note" }, "Question: " +
					st.ask.question + (st.ask.answer ? " Answer: " +
					st.ask.answer : "")));
			sec.appendChild($("p", {}, narration(st)));
			if (st.note)
				sec.appendChild($("p", { "class": "note" }, "Note: " + st.note));
			el.printout.appendChild(sec);
		});
	}

	var actions = {
		step: forward, back: back,
		first: function () { say(""); go(0); },
		last: function () { say(""); go(steps.length - 1); },
		"goto": function () { el.gotoInput.focus(); el.gotoInput.select(); },
		micro: toggleMicro,
		nextMark: function () { find(F.mark | F.error, 1, "chapter or error"); },
		prevMark: function () { find(F.mark | F.error, -1, "chapter or error"); },
		nextChapter: function () { find(F.mark, 1, "chapter"); },
		prevChapter: function () { find(F.mark, -1, "chapter"); },
		nextFault: function () { find(F.fault, 1, "page fault"); },
		prevFault: function () { find(F.fault, -1, "page fault"); },
		nextEvict: function () { find(F.evict, 1, "eviction"); },
		prevEvict: function () { find(F.evict, -1, "eviction"); },
		nextTlb: function () { find(F.tlb, 1, "TLB miss"); },
		prevTlb: function () { find(F.tlb, -1, "TLB miss"); },
		nextCache: function () { find(F.cache, 1, "cache miss"); },
		prevCache: function () { find(F.cache, -1, "cache miss"); },
		nextGc: function () { find(F.gc, 1, "collection"); },
		prevGc: function () { find(F.gc, -1, "collection"); },
		nextError: function () { find(F.error, 1, "error"); },
		prevError: function () { find(F.error, -1, "error"); },
		search: function () { el.search.focus(); }
	};

	/* The viewer's keys (keymap.c); capitals go back. */
	var keys = {
		"ArrowRight": "step", " ": "step", "l": "step",
		"ArrowLeft": "back", "h": "back", "Backspace": "back",
		"Home": "first", "<": "first", "End": "last", ">": "last",
		"g": "goto", ":": "goto", "m": "micro",
		"n": "nextMark", "]": "nextChapter",
		"N": "prevMark", "[": "prevChapter",
		"f": "nextFault", "F": "prevFault", "v": "nextEvict", "V": "prevEvict",
		"t": "nextTlb", "T": "prevTlb", "c": "nextCache", "C": "prevCache",
		"x": "nextGc", "X": "prevGc", "E": "nextError", "}": "nextError",
		"{": "prevError", "/": "search"
	};

	/* Buttons: [label, action, title]. */
	var buttons = [
		[["Home", "first", "Home: go to the start"],
		 ["\u25c0", "back", "Left: previous step (event)"],
		 ["\u25b6", "step", "Right/Space: next step (event)"],
		 ["End", "last", "End: go to the last step"]],
		[["[ \u2190 chapter", "prevChapter", "[: previous chapter"],
		 ["chapter \u2192 ]", "nextChapter", "]: next chapter"]],
		[["F", "prevFault", "F: previous page fault"],
		 ["f fault", "nextFault", "f: next page fault"]],
		[["V", "prevEvict", "V: previous eviction"],
		 ["v evict", "nextEvict", "v: next eviction"]],
		[["T", "prevTlb", "T: previous TLB miss"],
		 ["t TLB miss", "nextTlb", "t: next TLB miss"]],
		[["C", "prevCache", "C: previous cache miss"],
		 ["c cache miss", "nextCache", "c: next cache miss"]],
		[["X", "prevGc", "X: previous collection"],
		 ["x GC", "nextGc", "x: next collection"]],
		[["{", "prevError", "{: previous error"],
		 ["E error", "nextError", "E: next error"]]
	];

	function build() {
		var app = $("div", { id: "app" }), left = $("div", { id: "left" });
		var side = $("div", { id: "side" }), ctl = $("div", { id: "controls" });
		el.screen = $("pre", { "class": "screen", id: "screen",
			"aria-live": "polite", "aria-label": "the memviz screen" });
		left.appendChild(el.screen);
		buttons.forEach(function (group) {
			var g = $("span", { "class": "group" });
			group.forEach(function (b) {
				var btn = $("button", { type: "button", title: b[2],
					"aria-label": b[2], "data-action": b[1] }, b[0]);
				btn.addEventListener("click", function () { actions[b[1]](); });
				g.appendChild(btn);
			});
			ctl.appendChild(g);
		});
		el.btnMicro = $("button", { type: "button", "data-action": "micro",
			title: "m: micro-steps on/off" });
		el.btnMicro.addEventListener("click", toggleMicro);
		ctl.appendChild(el.btnMicro);
		var theme = $("button", { type: "button", "data-action": "theme",
			title: "colours or monochrome" }, "colours / mono");
		theme.addEventListener("click", function () {
			var b = document.body;
			b.className = /theme-mono/.test(b.className) ? "theme-color" : "theme-mono";
		});
		ctl.appendChild(theme);
		var pr = $("button", { type: "button", "data-action": "print",
			title: "print every step as a handout" }, "print handout");
		pr.addEventListener("click", function () { buildPrintout(); window.print(); });
		ctl.appendChild(pr);
		left.appendChild(ctl);
		el.timeline = $("div", { id: "timeline", role: "slider", tabindex: "0",
			"aria-label": "timeline", "aria-valuemin": steps[0].k,
			"aria-valuemax": steps[steps.length - 1].k });
		el.done = $("div", { "class": "done" });
		el.timeline.appendChild(el.done);
		el.chapterLinks = [];
		var chapters = $("ol", { id: "chapters" });
		steps.forEach(function (st, i) {
			if (!st.mark)
				return;
			var pct = steps.length > 1 ? 100 * i / (steps.length - 1) : 0;
			el.timeline.appendChild($("div", { "class": "chap",
				style: "left:" + pct + "%", title: st.mark }));
			var li = $("li"), a = $("a", { "data-index": i }, st.mark);
			a.addEventListener("click", function () { say(""); go(i); });
			li.appendChild(a);
			li.appendChild(document.createTextNode(" (step " + st.k + ")"));
			chapters.appendChild(li);
			el.chapterLinks.push({ a: a, at: i });
		});
		el.knob = $("div", { "class": "knob" });
		el.timeline.appendChild(el.knob);
		el.timeline.addEventListener("click", function (e) {
			var r = el.timeline.getBoundingClientRect();
			var f = r.width > 0 ? (e.clientX - r.left) / r.width : 0;
			say("");
			go(Math.round(Math.max(0, Math.min(1, f)) * (steps.length - 1)));
		});
		left.appendChild(el.timeline);
		if (el.chapterLinks.length) {
			left.appendChild($("div", { "class": "keys" }, "Chapters:"));
			left.appendChild(chapters);
		}
		el.pos = $("div", { id: "pos" });
		el.msg = $("div", { id: "msg", role: "status" });
		el.narration = $("div", { id: "narration" });
		el.note = $("p", { id: "note" });
		el.ask = $("div", { id: "ask" });
		side.appendChild(el.pos);
		side.appendChild(el.msg);
		side.appendChild(el.narration);
		side.appendChild(el.note);
		side.appendChild(el.ask);
		var gf = $("form", { id: "goto" });
		el.gotoInput = $("input", { type: "text", inputmode: "numeric",
			"aria-label": "step number", placeholder: "step" });
		gf.appendChild(document.createTextNode("Go to step "));
		gf.appendChild(el.gotoInput);
		gf.appendChild($("button", { type: "submit" }, "go (g)"));
		gf.addEventListener("submit", function (e) { e.preventDefault(); gotoInput(); });
		side.appendChild(gf);
		el.search = $("input", { type: "search", id: "search",
			placeholder: "search the narration (/)", "aria-label": "search the narration" });
		el.search.addEventListener("input", listResults);
		el.search.addEventListener("keydown", function (e) {
			if (e.key === "Enter") {
				e.preventDefault();
				search(e.shiftKey ? -1 : 1);
			}
		});
		side.appendChild(el.search);
		el.results = $("ol", { id: "results" });
		side.appendChild(el.results);
		side.appendChild($("p", { "class": "keys" },
			"Keys: Right/Space next, Left back, m micro-steps, Home/End, " +
			"g go to, n/N chapter or error, [/] chapters, f v t c x E jumps " +
			"(capitals back; { previous error), / search."));
		app.appendChild(left);
		app.appendChild(side);
		el.printout = $("div", { id: "printout" });
		document.body.appendChild(app);
		document.body.appendChild(el.printout);
	}

	function onKey(e) {
		var t = e.target, name;
		if (e.ctrlKey || e.metaKey || e.altKey)
			return;
		if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) {
			if (e.key === "Escape")
				t.blur();
			return;
		}
		name = keys[e.key];
		if (!name)
			return;
		e.preventDefault();
		actions[name]();
	}

	build();
	document.addEventListener("keydown", onKey);
	window.addEventListener("hashchange", function () {
		if (location.hash !== fragment())
			followHash();
	});
	window.addEventListener("beforeprint", buildPrintout);
	if (!followHash())
		go(0);
	window.memvizPage = {
		text: function () { return el.screen.textContent; },
		position: function () {
			return { step: steps[at].k, event: micro ? ev + 1 : 0,
				 micro: micro, asking: asking };
		}
	};
}());
