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

test("the web-view opens only our own pages for a path, and the home page otherwise", () => {
  for (const [query, expected] of [
    [{ path: encodeURIComponent(`/desk/inspect/${TOKEN}`) }, `${ORIGIN}/desk/inspect/${TOKEN}`],
    [{ q: encodeURIComponent(`${ORIGIN}/c/${TOKEN}`) }, `${ORIGIN}/c/${TOKEN}`],
    [{ path: encodeURIComponent("//evil.example.com/c/x") }, `${ORIGIN}/`],
    [{ path: encodeURIComponent("/me") }, `${ORIGIN}/`],
    [{ q: encodeURIComponent("https://evil.example.com/c/x") }, `${ORIGIN}/`],
  ]) {
    const { instance } = load("getima", { login: { success: { code: "" } } });
    instance.onLoad(query);
    assert.strictEqual(instance.data.src, expected, JSON.stringify(query));
  }
});
