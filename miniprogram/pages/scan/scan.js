// WeChat's own scanner for the web-view, which cannot reach the camera itself. The app's scan
// button opens this page (ui/src/scan.rs) with `open`, where a code goes in the app (`/c/` on
// public pages, `/desk/inspect/` on the desk); a business code read here reopens Getima there,
// and back returns to where the scan started. A market desk checking vendors in opens it with
// `checkin` (its market and session) instead: a booking pass or a stall's printed code read
// here reopens the desk with it, to be checked in.
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

// What a check-in reads: a booking pass (its link, or the pass alone) or a stall's printed code
// of our own origin, as the desk takes it; "" for anything else.
function checkInCode(text) {
  const read = String(text || "").trim();
  if (/^[0-9a-f]{20}$/.test(read)) return read;
  if (read.indexOf(ORIGIN + "/") !== 0) return "";
  const rest = read.slice(ORIGIN.length);
  const pass = /^\/me\/stalls\?pass=([0-9a-f]{20})$/.exec(rest);
  if (pass) return pass[1];
  const stall = /^\/stalls\/(\d+)\?stall=(\d+)$/.exec(rest);
  return stall ? `/stalls/${stall[1]}?stall=${stall[2]}` : "";
}

function checkIn(market, session) {
  wx.scanCode({
    scanType: ["qrCode"],
    success: (res) => {
      const code = checkInCode(res.result);
      if (code) {
        const path = `/desk/markets/${market}?session=${session}&scanned=${encodeURIComponent(code)}`;
        wx.redirectTo({ url: "/pages/getima/getima?path=" + encodeURIComponent(path) });
        return;
      }
      const en = inEnglish();
      wx.showModal({
        title: en ? "Not a pass or a stall code" : "这不是预约码或摊位码",
        content: en ? "Scan the pass on the vendor's phone." : "请扫摊主手机上的预约码。",
        showCancel: false,
        complete: () => wx.navigateBack(),
      });
    },
    fail: () => wx.navigateBack(),
  });
}

Page({
  onLoad(query) {
    const desk = /^(\d+)\/(\d+)$/.exec(decodeURIComponent(query.checkin || ""));
    if (desk) {
      checkIn(desk[1], desk[2]);
      return;
    }
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
