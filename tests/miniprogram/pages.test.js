// The mini-program's pages, run under Node with a stand-in for the WeChat runtime (`wx`,
// `Page`), which cannot run here: what each page opens for what it is given.
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..", "miniprogram");
const { ORIGIN } = require(path.join(ROOT, "config.js"));

// Loads a page with a fresh stand-in runtime; `answers` says what each wx call reports.
function load(page, answers) {
  const calls = [];
  let definition;
  global.Page = (d) => { definition = d; };
  global.wx = new Proxy({}, {
    get: (_, name) => (options = {}) => {
      calls.push({ name, options });
      const answer = answers[name];
      if (answer && answer.success) options.success && options.success(answer.success);
      if (answer && answer.fail) options.fail && options.fail(answer.fail);
      if (name === "showModal") options.complete && options.complete();
      return answer && answer.value;
    },
  });
  const file = path.join(ROOT, "pages", page, page + ".js");
  delete require.cache[require.resolve(file)];
  require(file);
  const instance = { ...definition, setData(data) { this.data = { ...this.data, ...data }; } };
  return { instance, calls };
}

const TOKEN = "k7x2m9q4p8ra.abcdefghijklmnop";

test("a code scanned on the desk reopens the web-view at the desk's inspection page", () => {
  const { instance, calls } = load("scan", {
    scanCode: { success: { result: `${ORIGIN}/c/${TOKEN}` } },
    getAppBaseInfo: { value: { language: "zh_CN" } },
  });
  instance.onLoad({ open: encodeURIComponent("/desk/inspect/") });
  const redirect = calls.find((c) => c.name === "redirectTo");
  assert.strictEqual(redirect.options.url, "/pages/getima/getima?path=" + encodeURIComponent(`/desk/inspect/${TOKEN}`));
});

test("a shouted code link is read in its one spelling and opens the shop's page", () => {
  const { instance, calls } = load("scan", { scanCode: { success: { result: `${ORIGIN}/C/${TOKEN}`.toUpperCase() } } });
  instance.onLoad({ open: encodeURIComponent("/c/") });
  const redirect = calls.find((c) => c.name === "redirectTo");
  assert.strictEqual(redirect.options.url, "/pages/getima/getima?path=" + encodeURIComponent(`/c/${TOKEN}`));
});

test("anything but one of our codes is named as such and goes back", () => {
  const { instance, calls } = load("scan", {
    scanCode: { success: { result: "https://evil.example.com/c/" + TOKEN } },
    getAppBaseInfo: { value: { language: "en" } },
  });
  instance.onLoad({ open: encodeURIComponent("https://evil.example.com/") });
  assert.ok(!calls.some((c) => c.name === "redirectTo"));
  assert.strictEqual(calls.find((c) => c.name === "showModal").options.title, "Not a business code");
  assert.ok(calls.some((c) => c.name === "navigateBack"));
});

test("a cancelled scan goes back to where it started", () => {
  const { instance, calls } = load("scan", { scanCode: { fail: { errMsg: "scanCode:fail cancel" } } });
  instance.onLoad({});
  assert.ok(calls.some((c) => c.name === "navigateBack"));
  assert.ok(!calls.some((c) => c.name === "redirectTo"));
});

const PASS = "0123456789abcdef0123";

test("a pass or a stall code scanned at a market desk reopens the desk to check it in", () => {
  for (const [read, code] of [
    [`${ORIGIN}/me/stalls?pass=${PASS}`, PASS],
    [PASS, PASS],
    [`${ORIGIN}/stalls/2?stall=41`, "/stalls/2?stall=41"],
  ]) {
    const { instance, calls } = load("scan", { scanCode: { success: { result: read } } });
    instance.onLoad({ checkin: encodeURIComponent("2/315") });
    const redirect = calls.find((c) => c.name === "redirectTo");
    const path = `/desk/markets/2?session=315&scanned=${encodeURIComponent(code)}`;
    assert.strictEqual(redirect.options.url, "/pages/getima/getima?path=" + encodeURIComponent(path), read);
    const opened = load("getima", { login: { success: { code: "" } } });
    opened.instance.onLoad({ path: encodeURIComponent(path) });
    assert.strictEqual(opened.instance.data.src, ORIGIN + path, "the web-view opens it");
  }
});

test("a business code, another site's pass or a bad desk at check-in is refused in words and goes back", () => {
  for (const [read, checkin] of [
    [`${ORIGIN}/c/${TOKEN}`, "2/315"],
    [`https://evil.example.com/me/stalls?pass=${PASS}`, "2/315"],
    [`${ORIGIN}/me/stalls?pass=${PASS}&x=1`, "2/315"],
  ]) {
    const { instance, calls } = load("scan", {
      scanCode: { success: { result: read } },
      getAppBaseInfo: { value: { language: "en" } },
    });
    instance.onLoad({ checkin: encodeURIComponent(checkin) });
    assert.ok(!calls.some((c) => c.name === "redirectTo"), read);
    assert.strictEqual(calls.find((c) => c.name === "showModal").options.title, "Not a pass or a stall code");
    assert.ok(calls.some((c) => c.name === "navigateBack"));
  }
  const { instance, calls } = load("scan", {
    scanCode: { success: { result: PASS } },
    getAppBaseInfo: { value: { language: "zh_CN" } },
  });
  instance.onLoad({ checkin: encodeURIComponent("2/315/../x"), open: encodeURIComponent("/c/") });
  assert.ok(!calls.some((c) => c.name === "redirectTo"), "a bad desk is not a check-in; a pass is not a business code");
});

test("the web-view opens only our own pages for a path, and the home page otherwise", () => {
  for (const [query, expected] of [
    [{ path: encodeURIComponent(`/desk/inspect/${TOKEN}`) }, `${ORIGIN}/desk/inspect/${TOKEN}`],
    [{ q: encodeURIComponent(`${ORIGIN}/c/${TOKEN}`) }, `${ORIGIN}/c/${TOKEN}`],
    [{ path: encodeURIComponent("//evil.example.com/c/x") }, `${ORIGIN}/`],
    [{ path: encodeURIComponent("/me") }, `${ORIGIN}/`],
    [{ path: encodeURIComponent("/desk/markets/2?session=3&scanned=x\"><script>") }, `${ORIGIN}/`],
    [{ q: encodeURIComponent("https://evil.example.com/c/x") }, `${ORIGIN}/`],
  ]) {
    const { instance } = load("getima", { login: { success: { code: "" } } });
    instance.onLoad(query);
    assert.strictEqual(instance.data.src, expected, JSON.stringify(query));
  }
});
