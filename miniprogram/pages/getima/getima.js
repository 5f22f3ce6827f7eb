// Opens Getima in a web-view. A scanned business code arrives as the `q` parameter
// (the encoded https URL), so scanning with WeChat goes straight to that shop's page.
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
    // Only our own code pages are opened; anything else falls back to the home page.
    const target = scanned.startsWith(ORIGIN + "/c/") ? scanned : ORIGIN + "/";
    wx.login({
      success: (res) => this.setData({ src: res.code ? withLoginCode(target, res.code) : target }),
      fail: () => this.setData({ src: target }),
    });
  },
});
