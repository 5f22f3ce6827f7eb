// Opens Getima in a web-view. A business code scanned with WeChat arrives as the `q` parameter
// (the encoded https URL), so it goes straight to that shop's page; one read by the scan page
// arrives as `path` (an app path ending in the code, or a market desk's check-in of what it read).
// The page also runs wx.login() and hands its one-time code to the app as `wxcode`, which
// the app exchanges server-side (code2Session) to sign the user in without a text message.
const { ORIGIN } = require("../../config.js");

function withLoginCode(url, code) {
  return url + (url.indexOf("?") >= 0 ? "&" : "?") + "wxcode=" + encodeURIComponent(code);
}

Page({
  data: { src: "" },
  onLoad(query) {
    const scanned = query && query.q ? decodeURIComponent(query.q) : "";
    const path = query && query.path ? decodeURIComponent(query.path) : "";
    // Only our own code pages are opened; anything else falls back to the home page.
    let target = ORIGIN + "/";
    if (scanned.startsWith(ORIGIN + "/c/")) {
      target = scanned;
    } else if (/^\/(c|desk\/inspect)\/[0-9a-z.]+$/.test(path) || /^\/desk\/markets\/\d+\?session=\d+&scanned=[0-9A-Za-z%]+$/.test(path)) {
      target = ORIGIN + path;
    }
    wx.login({
      success: (res) => this.setData({ src: res.code ? withLoginCode(target, res.code) : target }),
      fail: () => this.setData({ src: target }),
    });
  },
});
