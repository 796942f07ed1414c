"""A headless Chromium driven over the DevTools protocol, for the end-to-end scenario.

Odoo's own browser driver only runs inside its HttpCase, on a threaded test
server. The scenario runs against a real multi-process server instead, so it
drives Chromium itself: real mouse clicks at the element's position, real
typing, real files given to file inputs, and screenshots of what the user sees.
"""

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Find visible elements matching a CSS selector, optionally holding a text.
# Texts are compared with runs of white space collapsed, as a reader sees them.
FIND_JS = """
(selector, text) => {
    const squash = (value) => (value || "").replace(/\\s+/g, " ").trim();
    const wanted = text === null ? null : squash(text);
    return [...document.querySelectorAll(selector)].filter((element) => {
        const box = element.getBoundingClientRect();
        const style = window.getComputedStyle(element);
        const visible = (box.width > 0 || box.height > 0) && style.visibility !== "hidden"
            && style.display !== "none";
        const shown = element.type === "file" || visible;
        return shown && (wanted === null || squash(element.innerText || element.value).includes(wanted));
    });
}
"""

# Odoo shows server and client errors in a dialog; the scenario stops on the first one.
ERROR_DIALOG_JS = """
(() => {
    const dialog = document.querySelector(".o_error_dialog, .o_dialog .o_error_detail");
    if (dialog) {
        return (dialog.closest(".modal-content") || dialog).innerText;
    }
    const notice = document.querySelector(".o_notification.border-danger, .o_notification_bar.bg-danger");
    return notice ? notice.closest(".o_notification").innerText : null;
})()
"""


class BrowserError(AssertionError):
    """What the user would have seen go wrong, or what never appeared."""


def find_chromium():
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError("no Chromium found: run tools/install-system-packages.sh")


class Browser:
    """One Chromium tab with a viewport of ``width`` x ``height`` CSS pixels.

    ``mobile`` turns on touch events and a phone's screen metrics, so that
    Odoo shows its small-screen views. The browser's clock is in ``timezone``,
    that of the French users.
    """

    def __init__(self, width=1366, height=768, mobile=False, scale=1, timezone="Europe/Paris"):
        self.profile = tempfile.mkdtemp(prefix="sav-chromium-")
        self.downloads = Path(self.profile) / "downloads"
        self.downloads.mkdir()
        self.errors = []
        self._ids = itertools.count(1)
        self._answers = {}
        self._events = []
        self._lock = threading.Condition()
        command = [
            find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-extensions", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-sync",
            "--disable-background-networking", "--disable-component-update",
            "--disable-default-apps", "--disable-translate", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}", "--lang=fr-FR",
            f"--window-size={width},{height}",
        ]
        if mobile:
            command.append("--touch-events")
        command.append("about:blank")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        port = self._read_devtools_port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            pages = [target for target in json.load(answer) if target["type"] == "page"]
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"],
                                                  timeout=None, suppress_origin=True)
        self._reader = threading.Thread(target=self._read_messages, daemon=True)
        self._reader.start()
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=scale, mobile=mobile)
        if mobile:
            self.call("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)
        # The users' clock: Odoo shows and reads dates in the browser's time zone.
        self.call("Emulation.setTimezoneOverride", timezoneId=timezone)
        self.call("Browser.setDownloadBehavior", behavior="allow",
                  downloadPath=str(self.downloads), eventsEnabled=True)

    def _read_devtools_port(self):
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if port_file.exists() and port_file.read_text().strip():
                return int(port_file.read_text().splitlines()[0])
            if self.process.poll() is not None:
                raise BrowserError(f"Chromium stopped at start with code {self.process.returncode}")
            time.sleep(0.1)
        raise BrowserError("Chromium did not open its DevTools port within 30 s")

    def _read_messages(self):
        while True:
            try:
                message = json.loads(self.socket.recv())
            except (websocket.WebSocketException, OSError, ValueError):
                return
            with self._lock:
                if "id" in message:
                    self._answers[message["id"]] = message
                else:
                    self._on_event(message)
                self._lock.notify_all()

    def _on_event(self, message):
        method, params = message["method"], message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(f"JavaScript error: {text}")
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            text = " ".join(str(arg.get("value", arg.get("description", "")))
                            for arg in params["args"])
            self.errors.append(f"console error: {text}")
        self._events.append(message)

    def call(self, method, timeout=60, **params):
        """Send a DevTools command and return its result."""
        command_id = next(self._ids)
        self.socket.send(json.dumps({"id": command_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        with self._lock:
            while command_id not in self._answers:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError(f"Chromium did not answer {method} within {timeout} s")
                self._lock.wait(remaining)
            answer = self._answers.pop(command_id)
        if "error" in answer:
            raise BrowserError(f"{method} failed: {answer['error'].get('message')}")
        return answer.get("result", {})

    def wait_event(self, method, predicate=lambda params: True, timeout=60):
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for index, event in enumerate(self._events):
                    if event["method"] == method and predicate(event.get("params", {})):
                        del self._events[:index + 1]
                        return event.get("params", {})
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError(f"no {method} event within {timeout} s")
                self._lock.wait(remaining)

    def evaluate(self, expression, timeout=60):
        """Evaluate JavaScript in the page and return its value (promises are awaited)."""
        result = self.call("Runtime.evaluate", timeout=timeout, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError("script failed: "
                               + (details.get("exception", {}).get("description")
                                  or details.get("text", "")))
        return result["result"].get("value")

    # Navigation and waiting

    def goto(self, url, wait_for=None, timeout=60):
        with self._lock:
            self._events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", timeout=timeout)
        if wait_for:
            self.wait_for(wait_for, timeout=timeout)

    def url(self):
        return self.evaluate("window.location.href")

    def _check_error_dialog(self):
        shown = self.evaluate(ERROR_DIALOG_JS)
        if shown:
            raise BrowserError(f"Odoo showed an error: {shown.strip()}")

    def find(self, selector, text=None):
        """Return how many visible elements match ``selector`` (and hold ``text``)."""
        return self.evaluate(f"({FIND_JS})({json.dumps(selector)}, {json.dumps(text)}).length")

    def wait_for(self, selector, text=None, timeout=30, count=None):
        """Wait until an element matching ``selector`` (holding ``text``) is shown."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.find(selector, text)
            if (found and count is None) or (count is not None and found == count):
                return found
            self._check_error_dialog()
            if time.monotonic() > deadline:
                what = f"{selector!r}" + (f" holding {text!r}" if text else "")
                raise BrowserError(f"{what} did not appear within {timeout} s on {self.url()}; "
                                   f"the page says: {self.text('body')[:1500]}")
            time.sleep(0.2)

    def wait_gone(self, selector, text=None, timeout=30):
        deadline = time.monotonic() + timeout
        while self.find(selector, text):
            self._check_error_dialog()
            if time.monotonic() > deadline:
                raise BrowserError(f"{selector!r} still shown after {timeout} s on {self.url()}")
            time.sleep(0.2)

    def text(self, selector, text=None):
        """The visible text of the first element matching ``selector``."""
        return self.evaluate(
            f"(({FIND_JS})({json.dumps(selector)}, {json.dumps(text)})[0] || {{}}).innerText || ''"
        )

    def texts(self, selector):
        return self.evaluate(
            f"({FIND_JS})({json.dumps(selector)}, null).map((element) => element.innerText)"
        )

    # Acting as the user

    def wait_idle(self, quiet=0.3, timeout=15):
        """Wait until the page has not changed for ``quiet`` seconds, as Odoo's tours do.

        A click on a list that is still being redrawn would land on a row
        that disappears.
        """
        self.evaluate(f"""new Promise((resolve) => {{
            let timer = setTimeout(finish, {quiet * 1000});
            const observer = new MutationObserver(() => {{
                clearTimeout(timer);
                timer = setTimeout(finish, {quiet * 1000});
            }});
            const deadline = setTimeout(finish, {timeout * 1000});
            function finish() {{
                observer.disconnect();
                clearTimeout(deadline);
                resolve(true);
            }}
            observer.observe(document.body, {{childList: true, subtree: true,
                                              attributes: true, characterData: true}});
        }})""", timeout=timeout + 5)

    def _center(self, selector, text):
        box = self.evaluate(f"""(() => {{
            const element = ({FIND_JS})({json.dumps(selector)}, {json.dumps(text)})[0];
            element.scrollIntoView({{block: "center", inline: "center"}});
            const box = element.getBoundingClientRect();
            return {{x: box.left + box.width / 2, y: box.top + box.height / 2,
                     enabled: !element.disabled}};
        }})()""")
        return box

    def click(self, selector, text=None, timeout=30):
        """Click, with the mouse, at the middle of the element once it is shown and enabled."""
        deadline = time.monotonic() + timeout
        self.wait_for(selector, text, timeout=timeout)
        self.wait_idle()
        self.wait_for(selector, text, timeout=timeout)
        box = self._center(selector, text)
        while not box["enabled"]:
            if time.monotonic() > deadline:
                raise BrowserError(f"{selector!r} stayed disabled for {timeout} s")
            time.sleep(0.2)
            box = self._center(selector, text)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
            self.call("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], **extra)

    def fill(self, selector, value, text=None):
        """Type ``value`` into a field, replacing what it held, then leave the field."""
        self.click(selector, text)
        self.evaluate(f"""(() => {{
            const element = ({FIND_JS})({json.dumps(selector)}, {json.dumps(text)})[0];
            element.focus();
            if (element.select) {{ element.select(); }}
        }})()""")
        self.call("Input.dispatchKeyEvent", type="keyDown", key="Delete", code="Delete",
                  windowsVirtualKeyCode=46)
        self.call("Input.dispatchKeyEvent", type="keyUp", key="Delete", code="Delete",
                  windowsVirtualKeyCode=46)
        if value:
            self.call("Input.insertText", text=str(value))
        self.evaluate(f"""(() => {{
            const element = ({FIND_JS})({json.dumps(selector)}, {json.dumps(text)})[0];
            element.dispatchEvent(new Event("change", {{bubbles: true}}));
        }})()""")

    def type(self, value):
        """Type into the field that has the focus, without leaving it."""
        self.call("Input.insertText", text=str(value))

    def press(self, key, code=None, key_code=None):
        params = {"key": key, "code": code or key}
        if key_code:
            params["windowsVirtualKeyCode"] = key_code
        self.call("Input.dispatchKeyEvent", type="keyDown", **params)
        self.call("Input.dispatchKeyEvent", type="keyUp", **params)

    def upload(self, selector, *paths):
        """Give real files to a file input, as the file picker would."""
        missing = [str(path) for path in paths if not Path(path).is_file()]
        if missing:
            raise BrowserError(f"cannot upload {', '.join(missing)}: no such file")
        self.wait_for(selector)
        node = self.evaluate(f"""(() => {{
            const element = ({FIND_JS})({json.dumps(selector)}, null)[0];
            element.setAttribute("data-sav-upload", "1");
        }})()""")
        document = self.call("DOM.getDocument", depth=0)
        node = self.call("DOM.querySelector", nodeId=document["root"]["nodeId"],
                         selector="[data-sav-upload='1']")
        self.call("DOM.setFileInputFiles", nodeId=node["nodeId"],
                  files=[str(Path(path).resolve()) for path in paths])
        # The page may have replaced the input once it read the files.
        self.evaluate("document.querySelector(\"[data-sav-upload='1']\")"
                      "?.removeAttribute('data-sav-upload')")

    def draw(self, selector, points):
        """Draw a line through ``points`` (fractions of the element's size) with the pointer."""
        box = self.evaluate(f"""(() => {{
            const element = ({FIND_JS})({json.dumps(selector)}, null)[0];
            element.scrollIntoView({{block: "center"}});
            const box = element.getBoundingClientRect();
            return {{x: box.left, y: box.top, width: box.width, height: box.height}};
        }})()""")
        coordinates = [(box["x"] + box["width"] * px, box["y"] + box["height"] * py)
                       for px, py in points]
        x, y = coordinates[0]
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left",
                  buttons=1, clickCount=1)
        for x, y in coordinates[1:]:
            self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="left",
                      buttons=1)
        self.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left",
                  buttons=0, clickCount=1)

    def wait_download(self, timeout=60):
        """Return the path of the next finished download."""
        started = self.wait_event("Browser.downloadWillBegin", timeout=timeout)
        self.wait_event("Browser.downloadProgress",
                        lambda params: params["guid"] == started["guid"]
                        and params["state"] == "completed", timeout=timeout)
        return self.downloads / started["suggestedFilename"]

    def scroll_top(self):
        """Scroll the page and Odoo's content panes back to their top."""
        self.evaluate("""(() => {
            window.scrollTo(0, 0);
            for (const pane of document.querySelectorAll(".o_content, .o_action, .modal-body")) {
                pane.scrollTop = 0;
            }
        })()""")

    def screenshot(self, path):
        """Save what the viewport shows as a PNG."""
        self.evaluate("document.activeElement && document.activeElement.blur && "
                      "document.activeElement.blur()")
        time.sleep(0.3)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def login(self, base_url, login, password, landing):
        """Log in through Odoo's login page and wait for ``landing`` to show."""
        self.goto(f"{base_url}/web/login", wait_for="input[name=login]")
        self.fill("input[name=login]", login)
        self.fill("input[name=password]", password)
        self.click("form button[type=submit]")
        self.wait_for(landing, timeout=90)

    def close(self):
        try:
            self.socket.close()
        except (websocket.WebSocketException, OSError):
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

