// Opens Getima in a web-view. A scanned business code arrives as the `q` parameter
// (the encoded https URL), so scanning with WeChat goes straight to that shop's page.
const ORIGIN = "https://getima.example.org"; // the deployed Worker's origin; also in the business domain list

Page({
  data: { src: ORIGIN + "/" },
  onLoad(query) {
    const scanned = query && query.q ? decodeURIComponent(query.q) : "";
    // Only our own code pages are opened; anything else falls back to the home page.
    if (scanned.startsWith(ORIGIN + "/c/")) {
      this.setData({ src: scanned });
    }
  },
});
