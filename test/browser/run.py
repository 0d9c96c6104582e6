#!/usr/bin/env python3
"""The --html page in a real browser: headless Chromium (Debian's
`chromium` package) driven over the DevTools protocol, with nothing but
Python's standard library (a small WebSocket client below).

    python3 test/browser/run.py BIN

For several scenarios it checks that
  - the text of the screen at page.html#step=N equals `BIN --dump --step N`
    (same size) for N at the start, the middle and the end, and that
    #step=K.J opens event J of step K in micro-step mode;
  - keys and buttons move as the viewer does: the same keys are sent to
    the real viewer in tmux at the same size and to the page, and after
    each key both show the same screen (all rows but the status line,
    which holds the viewer's messages) at the same step;
  - the timeline and the chapter list can be clicked, the search box
    finds a step, the fragment follows the position; stepping into an
    `ask` step shows its question first, the outcome and answer once
    revealed;
  - no request leaves the page (every request is to the file itself) and
    the console stays free of errors and exceptions;
  - screenshots of two steps are not blank, and printing gives one page
    per step (the handout layout).

When Chromium is missing or does not start, says so and exits 0, except
with CI=true, where that is a failure.  Prints "browser: N passed, M
failed" and exits 1 on any failure.
"""
import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 100, 30
# Scenarios with faults, evictions, TLB and cache misses, GC, errors and
# chapters between them.  The first also has its buttons clicked.
SCENARIOS = ["tour", "belady", "cache-fault-latency", "gc-cycle",
             "heap-double-free", "vm-tlb"]
# Those driven against the viewer too.
VIEWER_SCENARIOS = ["tour", "cache-fault-latency", "heap-double-free"]
# The keys sent to both the viewer and the page, one at a time.
KEYS = ["Right", "Right", "Left", "End", "Home", "f", "f", "F", "v", "t",
        "c", "x", "X", "n", "n", "N", "]", "[", "E", "Home", "m", "Right",
        "Right", "Right", "Left", "m", "Right", "Space", "End", "Left", "g"]

passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("browser: FAIL: " + msg)


def check(cond, msg):
    if cond:
        ok()
    else:
        bad(msg)
    return cond


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n" % (path, port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise OSError("the browser closed the connection")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise OSError("no WebSocket: " + head.decode(errors="replace"))
        self.buf = b""

    def send(self, text):
        data = text.encode()
        n = len(data)
        hdr = bytes([0x81])
        if n < 126:
            hdr += bytes([0x80 | n])
        elif n < 65536:
            hdr += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            hdr += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(hdr + mask + body)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise OSError("the browser closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            op = b0 & 0x0f
            if op == 8:
                raise OSError("the browser closed the WebSocket")
            if op == 9:
                continue
            message += data
            if b0 & 0x80:
                return message.decode()


class Browser:
    """Headless Chromium with a fresh profile, and one page (a session)."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="memviz-browser-")
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + self.profile,
                "--remote-debugging-port=0", "--window-size=1400,1000",
                "about:blank"]
        self.log = open(os.path.join(self.profile, "stderr.txt"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log,
                                     start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(600):
            if os.path.exists(port_file):
                lines = open(port_file).read().split("\n")
                if len(lines) >= 2 and lines[1]:
                    break
            if self.proc.poll() is not None:
                raise OSError("chromium exited with status %d" %
                              self.proc.returncode)
            time.sleep(0.1)
        else:
            raise OSError("chromium wrote no DevToolsActivePort in 60 s")
        self.ws = WebSocket(int(lines[0]), lines[1])
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})
        self.session = self.call("Target.attachToTarget", {
            "targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(domain + ".enable", {}, page=True)

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method, params, page=False):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if page:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise OSError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, name, seconds=30):
        end = time.time() + seconds
        while True:
            for i, ev in enumerate(self.events):
                if ev.get("method") == name:
                    del self.events[i]
                    return ev
            if time.time() > end:
                raise OSError("no %s in %d s" % (name, seconds))
            self.events.append(json.loads(self.ws.recv()))

    def navigate(self, url):
        self.events = [e for e in self.events
                       if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": "about:blank"}, page=True)
        self.wait_event("Page.loadEventFired")
        self.call("Page.navigate", {"url": url}, page=True)
        self.wait_event("Page.loadEventFired")

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr,
                                           "returnByValue": True}, page=True)
        if "exceptionDetails" in r:
            raise OSError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def key(self, name):
        special = {"Right": ("ArrowRight", 39), "Left": ("ArrowLeft", 37),
                   "Home": ("Home", 36), "End": ("End", 35),
                   "Space": (" ", 32)}
        if name in special:
            key, code = special[name]
            text = " " if name == "Space" else ""
        else:
            key, code, text = name, ord(name.upper()), name
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down, page=True)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key,
                  "windowsVirtualKeyCode": code}, page=True)

    def click(self, selector):
        box = self.eval("(function(){var r=document.querySelector(%s)"
                        ".getBoundingClientRect();return [r.left,r.top,"
                        "r.width,r.height];})()" % json.dumps(selector))
        return self.click_at(box[0] + box[2] / 2, box[1] + box[3] / 2)

    def click_at(self, x, y):
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {
                "type": kind, "x": x, "y": y, "button": "left",
                "clickCount": 1}, page=True)

    def screenshot(self):
        r = self.call("Page.captureScreenshot", {"format": "png"}, page=True)
        return base64.b64decode(r["data"])

    def problems(self):
        """Console errors, exceptions and requests that left the page."""
        out = []
        for ev in self.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append("exception: %s" % p["exceptionDetails"])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in (
                    "error", "assert", "warning"):
                out.append("console %s: %s" % (p["type"], [
                    a.get("value", a.get("description")) for a in p["args"]]))
            elif m == "Log.entryAdded" and p["entry"]["level"] in (
                    "error", "warning"):
                out.append("log: %s" % p["entry"].get("text"))
            elif m == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not (url.startswith("file://") or url == "about:blank"):
                    out.append("request: " + url)
        self.events = []
        return out


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def not_blank(png):
    """At least 2% of the pixels differ from the most common colour and
    there are dark pixels (text)."""
    w, h, bpp, rows = png_pixels(png)
    counts = {}
    dark = 0
    for row in rows[::4]:
        for x in range(0, w * bpp, bpp * 4):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
            if sum(px) < 200:
                dark += 1
    total = sum(counts.values())
    return (total - max(counts.values())) > total * 0.02 and dark > 50


def lines(text):
    return [l.rstrip() for l in text.rstrip("\n").split("\n")]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          **kw).stdout.decode()


def dump(binary, scen, k):
    return run([binary, "--dump", "--step", str(k), "--size",
                "%dx%d" % (WIDTH, HEIGHT), scen])


class Viewer:
    """The real viewer in tmux at WIDTH x HEIGHT (no tmux status line)."""

    def __init__(self, binary, scen, tmp):
        self.sock = "memviz-browser-%d" % os.getpid()
        conf = os.path.join(tmp, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g status off\n")
        self.tm = ["tmux", "-L", self.sock, "-f", conf]
        subprocess.run(self.tm + [
            "new-session", "-d", "-s", "v", "-x", str(WIDTH), "-y",
            str(HEIGHT), "env LANG=C.UTF-8 TERM=tmux-256color '%s' "
            "--no-mouse '%s'; sleep 600" % (binary, scen)], check=True)
        self.wait(lambda s: re.search(r"step 0/", s[-1]))

    def screen(self):
        return lines(run(self.tm + ["capture-pane", "-t", "v", "-p"]))

    def wait(self, cond, tenths=100):
        for _ in range(tenths):
            s = self.screen()
            if len(s) >= HEIGHT - 1 and cond(s):
                return s
            time.sleep(0.1)
        return self.screen()

    def key(self, name):
        subprocess.run(self.tm + ["send-keys", "-t", "v", name], check=True)

    def close(self):
        subprocess.run(self.tm + ["kill-server"], stderr=subprocess.DEVNULL)


def status_step(row):
    m = re.search(r"step (\d+)/(\d+)", row)
    return int(m.group(1)) if m else None


def against_viewer(b, binary, scen, page, tmp):
    """Send KEYS to the viewer and to the page; compare after each."""
    try:
        v = Viewer(binary, scen, tmp)
    except (OSError, subprocess.CalledProcessError) as e:
        bad("cannot start the viewer in tmux: %s" % e)
        return
    try:
        b.navigate(page)
        last = v.screen()
        for i, k in enumerate(KEYS):
            if k == "g":  # go to: the prompt, a number, Enter
                v.key("g")
                v.key("5")
                v.key("Enter")
                b.key("g")
                b.eval("document.activeElement.value='5';"
                       "document.activeElement.form.requestSubmit()")
            else:
                v.key(k)
                b.key(k)
            page_rows = lines(b.eval("memvizPage.text()"))
            pos = b.eval("memvizPage.position()")
            # the viewer redraws after the key: wait for the page's screen
            want = page_rows[:HEIGHT - 1]
            got = v.wait(lambda s: s[:HEIGHT - 1] == want, 30)
            what = "%s: key %d (%s)" % (os.path.basename(scen), i + 1, k)
            if check(got[:HEIGHT - 1] == want,
                     what + ": the page's screen differs from the viewer's"):
                check(status_step(got[-1]) == pos["step"],
                      what + ": viewer at %s, page at %s" % (
                          status_step(got[-1]), pos))
            else:
                for y, (a, c) in enumerate(zip(got, page_rows)):
                    if a != c:
                        print("  row %d viewer: %s\n  row %d page:   %s" %
                              (y, a, y, c))
                        break
            last = got
        del last
    finally:
        v.close()


def scenario_checks(b, binary, name, tmp):
    scen = os.path.join(ROOT, "scenarios", name + ".mvs")
    page = os.path.join(tmp, name + ".html")
    run([binary, "--html", page, "--size", "%dx%d" % (WIDTH, HEIGHT), scen])
    url = "file://" + page
    n = int(re.search(r"ok: (\d+) steps", run([binary, "--check", scen])
                      ).group(1))
    for k in sorted({0, n // 2, n}):
        b.navigate(url + "#step=%d" % k)
        text = b.eval("memvizPage.text()")
        pos = b.eval("memvizPage.position()")
        check(pos["step"] == k and not pos["micro"],
              "%s#step=%d opened %s" % (name, k, pos))
        check(lines(text) == lines(dump(binary, scen, k)),
              "%s#step=%d: the screen differs from --dump --step %d" %
              (name, k, k))
    # an event: #step=K.2 opens micro-step mode at event 2 of step K
    steps = b.eval("MEMVIZ.steps.filter(function(s){return s.m.length>1})"
                   ".map(function(s){return s.k})")
    if steps:
        k = steps[len(steps) // 2]
        b.navigate(url + "#step=%d.2" % k)
        pos = b.eval("memvizPage.position()")
        check(pos == {"step": k, "event": 2, "micro": True,
                      "asking": False},
              "%s#step=%d.2 opened %s" % (name, k, pos))
        b.key("Right")
        check(b.eval("location.hash") == "#step=%d.3" % k or
              b.eval("location.hash") == "#step=%d.1" % (k + 1),
              "%s: the fragment does not follow micro-steps (%s)" %
              (name, b.eval("location.hash")))
    # the fragment follows, and a changed fragment is followed
    b.navigate(url)
    b.key("Right")
    check(b.eval("location.hash") == "#step=1",
          "%s: after Right the fragment is %s" % (name,
                                                   b.eval("location.hash")))
    b.eval("location.hash='#step=%d'" % n)
    time.sleep(0.2)
    check(b.eval("memvizPage.position().step") == n,
          "%s: a new fragment #step=%d is not followed" % (name, n))
    for p in b.problems():
        bad("%s: %s" % (name, p))
    return scen, url, n


def button_checks(b, name, url, n):
    b.navigate(url)
    b.click("button[data-action=step]")
    b.click("button[data-action=step]")
    check(b.eval("memvizPage.position().step") == 2,
          "%s: two clicks on next: at %s" % (name,
                                            b.eval("memvizPage.position()")))
    b.click("button[data-action=back]")
    check(b.eval("memvizPage.position().step") == 1,
          "%s: click on back: not at step 1" % name)
    b.click("button[data-action=last]")
    check(b.eval("memvizPage.position().step") == n,
          "%s: click on last: not at step %d" % (name, n))
    b.click("button[data-action=first]")
    check(b.eval("memvizPage.position().step") == 0,
          "%s: click on first: not at step 0" % name)
    # the jump buttons agree with their keys
    for act, key in (("nextFault", "f"), ("nextEvict", "v"),
                     ("nextTlb", "t"), ("nextCache", "c"), ("nextGc", "x"),
                     ("nextChapter", "]"), ("nextError", "E")):
        b.navigate(url)
        b.key(key)
        by_key = b.eval("memvizPage.position().step")
        b.navigate(url)
        b.click("button[data-action=%s]" % act)
        check(b.eval("memvizPage.position().step") == by_key,
              "%s: button %s and key %s disagree" % (name, act, key))
    b.navigate(url)
    b.click("button[data-action=micro]")
    check(b.eval("memvizPage.position().micro") is True,
          "%s: the micro-step button does not switch" % name)
    # the timeline: a click at its right end goes to the last step
    box = b.eval("(function(){var r=document.getElementById('timeline')"
                 ".getBoundingClientRect();return [r.left,r.top,r.width,"
                 "r.height];})()")
    b.click_at(box[0] + box[2] - 1, box[1] + box[3] / 2)
    check(b.eval("memvizPage.position().step") == n,
          "%s: a click at the end of the timeline: at %s" %
          (name, b.eval("memvizPage.position()")))
    b.click_at(box[0] + 1, box[1] + box[3] / 2)
    check(b.eval("memvizPage.position().step") == 0,
          "%s: a click at the start of the timeline" % name)
    marks = b.eval("document.querySelectorAll('#chapters a').length")
    if marks:
        b.click("#chapters li:last-child a")
        k = b.eval("MEMVIZ.steps.filter(function(s){return s.mark})"
                   ".pop().k")
        check(b.eval("memvizPage.position().step") == k,
              "%s: the last chapter link does not go to step %d" % (name, k))
    # search: type a word of the last step's narration, Enter
    word = b.eval("(function(){var s=MEMVIZ.steps[MEMVIZ.steps.length-1]"
                  ".ev.join(' ').match(/[A-Za-z]{6,}/);return s?s[0]:''})()")
    if word:
        b.navigate(url)
        b.eval("var s=document.getElementById('search');s.value=%s;"
               "s.dispatchEvent(new Event('input'))" % json.dumps(word))
        check(b.eval("document.querySelectorAll('#results a').length") > 0,
              "%s: searching %r lists nothing" % (name, word))
        b.eval("document.getElementById('search').focus()")
        b.key_enter = None
        b.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Enter",
               "windowsVirtualKeyCode": 13, "text": "\r"}, page=True)
        k = b.eval("memvizPage.position().step")
        check(k > 0 and word.lower() in b.eval(
            "MEMVIZ.steps.filter(function(s){return s.k==%d})[0].ev.join(' ')"
            % k).lower(), "%s: Enter in the search box: at step %d" %
              (name, k))
    for p in b.problems():
        bad("%s: %s" % (name, p))


EVIL = """title "A </script><script>alert(1)</script> & <!-- q"
about "About <b>bold</b> & </style><img src=x onerror=alert(2)>"
frames 2
mark "Chapter <i>one</i>"
note "A note with </script><script>alert(3)</script> & more."
refs 1 2 3
"""


def ask_checks(b, binary, tmp):
    """An `ask` step: stepping into it asks first (the screen before it,
    the question, no answer), Right reveals the step and the answer, as
    the viewer does."""
    scen = os.path.join(ROOT, "scenarios", "quiz-lru.mvs")
    page = os.path.join(tmp, "quiz-lru.html")
    run([binary, "--html", page, "--size", "%dx%d" % (WIDTH, HEIGHT), scen])
    url = "file://" + page
    b.navigate(url)
    asks = b.eval("MEMVIZ.steps.filter(function(s){return s.ask})"
                  ".map(function(s){return [s.k, s.ask.question,"
                  " s.ask.answer]})")
    # the scenario's asks, as --batch --json gives them (ask_answer only
    # when the line says answer=; else the step's outcome, not empty)
    steps = [json.loads(l) for l in
             run([binary, "--batch", "--json", scen]).splitlines()]
    want = [[o["step"], o["ask"], o.get("ask_answer")] for o in steps
            if "ask" in o]
    check(all(a[2] for a in asks), "quiz-lru: a question has no answer")
    asks_cmp = [[k, q, a if w is not None else None]
                for (k, q, a), (_, _, w) in zip(asks, want)]
    check(len(asks) == len(want) and asks_cmp == want, "quiz-lru: the page's questions %s are not the "
          "scenario's asks %s" % (asks, want))
    for k, question, answer in asks:
        b.navigate(url + "#step=%d" % (k - 1))
        b.key("Right")
        pos = b.eval("memvizPage.position()")
        check(pos["step"] == k and pos["asking"],
              "quiz-lru: Right into step %d does not ask: %s" % (k, pos))
        check(lines(b.eval("memvizPage.text()")) !=
              lines(dump(binary, scen, k)),
              "quiz-lru: step %d's outcome shows before it is revealed" % k)
        check(b.eval("document.getElementById('narration').textContent")
              .startswith("Question: " + question),
              "quiz-lru: step %d: the narration is not the question" % k)
        side = b.eval("document.getElementById('ask').textContent")
        check(question in side and "Answer:" not in side,
              "quiz-lru: step %d: the side panel shows %r" % (k, side))
        b.key("Right")
        pos = b.eval("memvizPage.position()")
        check(pos["step"] == k and not pos["asking"],
              "quiz-lru: Right does not reveal step %d: %s" % (k, pos))
        check(lines(b.eval("memvizPage.text()")) ==
              lines(dump(binary, scen, k)),
              "quiz-lru: revealed, step %d differs from --dump" % k)
        check(("Answer: " + answer) in
              b.eval("document.getElementById('ask').textContent"),
              "quiz-lru: step %d: the answer %r is not shown" % (k, answer))
        b.key("Right")
        last = b.eval("MEMVIZ.steps[MEMVIZ.steps.length-1].k")
        check(b.eval("memvizPage.position()")["step"] == min(k + 1, last),
              "quiz-lru: Right after the reveal does not step on")
    # a link to an asked step shows the step itself
    if asks:
        k = asks[0][0]
        b.navigate(url + "#step=%d" % k)
        check(not b.eval("memvizPage.position()")["asking"] and
              lines(b.eval("memvizPage.text()")) ==
              lines(dump(binary, scen, k)),
              "quiz-lru: #step=%d does not open the step itself" % k)
    for p in b.problems():
        bad("quiz-lru: %s" % p)


def escaping_checks(b, binary, tmp):
    """Markup in the scenario's text shows as text and runs nothing."""
    scen = os.path.join(tmp, "evil.mvs")
    with open(scen, "w") as f:
        f.write(EVIL)
    page = os.path.join(tmp, "evil.html")
    run([binary, "--html", page, scen])
    b.navigate("file://" + page + "#step=1")
    title = "A </script><script>alert(1)</script> & <!-- q"
    check(b.eval("document.getElementById('title').textContent") == title,
          "evil: the heading is not the title as text")
    check(b.eval("document.title") == title + " - memviz",
          "evil: the window title is not the title as text")
    check(b.eval("document.getElementById('note').textContent") ==
          "Note: A note with </script><script>alert(3)</script> & more.",
          "evil: the note is not shown as text")
    check(b.eval("document.querySelectorAll('img,b,i').length") == 0,
          "evil: markup from the scenario became elements")
    dialogs = [e for e in b.events
               if e.get("method") == "Page.javascriptDialogOpening"]
    check(not dialogs, "evil: the page opened a dialog: %s" % dialogs)
    for p in b.problems():
        bad("evil: %s" % p)


def bench(binary, page):
    """Print how fast PAGE opens and steps (for make bench)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        print("browser bench: chromium not found; not measured")
        return 0
    b = Browser(chromium)
    try:
        b.navigate("file://" + os.path.abspath(page))
        load = b.eval("(function(){var n=performance.getEntriesByType("
                      "'navigation')[0];return n.loadEventEnd-n.startTime})()")
        n = b.eval("MEMVIZ.steps.length")
        step = b.eval("(function(){var t=performance.now(),i;for(i=0;i<%d;"
                      "i++)document.dispatchEvent(new KeyboardEvent('keydown',"
                      "{key:'ArrowRight'}));return (performance.now()-t)/%d})()"
                      % (n - 1, n - 1))
        back = b.eval("(function(){var t=performance.now();document."
                      "dispatchEvent(new KeyboardEvent('keydown',{key:'Home'}"
                      "));document.dispatchEvent(new KeyboardEvent('keydown',"
                      "{key:'End'}));return performance.now()-t})()")
        print("in Chromium: opened in %.0f ms (target < 1000), %.2f ms per "
              "step forward, %.1f ms for Home then End" % (load, step, back))
    finally:
        b.close()
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--bench":
        return bench(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 2:
        print("usage: run.py BIN | run.py --bench BIN PAGE", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    ci = os.environ.get("CI", "") == "true"
    chromium = shutil.which("chromium")
    if chromium is None:
        msg = ("browser: chromium not found: the --html page is NOT tested "
               "in a browser (tools/install-deps.sh installs Debian's "
               "chromium)")
        print(msg + (" (a failure, since CI=true)" if ci else ""))
        return 1 if ci else 0
    tmp = tempfile.mkdtemp(prefix="memviz-browser-")
    try:
        try:
            b = Browser(chromium)
        except OSError as e:
            print("browser: chromium cannot run here (%s): the --html page "
                  "is NOT tested in a browser%s" %
                  (e, " (a failure, since CI=true)" if ci else ""))
            return 1 if ci else 0
        try:
            first = True
            for name in SCENARIOS:
                scen, url, n = scenario_checks(b, binary, name, tmp)
                if name in VIEWER_SCENARIOS:
                    if shutil.which("tmux"):
                        against_viewer(b, binary, scen, url, tmp)
                    else:
                        bad("tmux not found: cannot compare with the viewer")
                if first:
                    button_checks(b, name, url, n)
                    # print: the handout layout, a page per step
                    b.navigate(url + "#step=1")
                    pdf = base64.b64decode(b.call("Page.printToPDF", {},
                                                  page=True)["data"])
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                    check(pages == n + 1 and b.eval(
                        "document.querySelectorAll('#printout section')"
                        ".length") == n + 1,
                        "%s: printing gives %d pages, not one per step (%d)"
                        % (name, pages, n + 1))
                    # two steps' screenshots are not blank
                    for k in (0, n):
                        b.navigate(url + "#step=%d" % k)
                        check(not_blank(b.screenshot()),
                              "%s#step=%d: the screenshot is blank" %
                              (name, k))
                    first = False
                for p in b.problems():
                    bad("%s: %s" % (name, p))
            ask_checks(b, binary, tmp)
            escaping_checks(b, binary, tmp)
        finally:
            b.close()
    except OSError as e:
        bad("the browser: %s" % e)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("browser: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
