// WeChat's own scanner for the web-view, which cannot reach the camera itself. The app's scan
// button opens this page (ui/src/scan.rs) with `open`, where a code goes in the app (`/c/` on
// public pages, `/desk/inspect/` on the desk); a business code read here reopens Getima there,
// and back returns to where the scan started.
const { ORIGIN } = require("../../config.js");

const OPENS = ["/c/", "/desk/inspect/"];

function inEnglish() {
  const info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
  return String(info.language || "").indexOf("zh") !== 0;
}

// The token of a business-code link of our own origin, in any letter case, or "".
function tokenOf(text) {
  const lower = text.toLowerCase();
  const prefix = (ORIGIN + "/c/").toLowerCase();
  return lower.indexOf(prefix) === 0 ? lower.slice(prefix.length).split(/[?#/]/)[0] : "";
}

Page({
  onLoad(query) {
    const open = OPENS.indexOf(decodeURIComponent(query.open || "")) >= 0 ? decodeURIComponent(query.open) : "/c/";
    wx.scanCode({
      scanType: ["qrCode"],
      success: (res) => {
        const token = tokenOf(res.result || "");
        if (token) {
          wx.redirectTo({ url: "/pages/getima/getima?path=" + encodeURIComponent(open + token) });
          return;
        }
        const en = inEnglish();
        wx.showModal({
          title: en ? "Not a business code" : "这不是个体码",
          content: en ? "Scan the code on the shop's poster." : "请扫店里张贴的个体码。",
          showCancel: false,
          complete: () => wx.navigateBack(),
        });
      },
      // Cancelled or refused: back to the page the scan started from.
      fail: () => wx.navigateBack(),
    });
  },
});
