// WeChat's own scanner for the web-view, which cannot reach the camera itself: the app's scan
// button opens this page (ui/src/scan.rs), and a business code read here reopens Getima at
// that shop's page; back returns to where the scan started.
const { ORIGIN } = require("../../config.js");

function inEnglish() {
  const info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
  return String(info.language || "").indexOf("zh") !== 0;
}

Page({
  onLoad() {
    wx.scanCode({
      scanType: ["qrCode"],
      success: (res) => {
        const text = res.result || "";
        if (text.indexOf(ORIGIN + "/c/") === 0) {
          wx.redirectTo({ url: "/pages/getima/getima?q=" + encodeURIComponent(text) });
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
