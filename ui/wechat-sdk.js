// WeChat's JS-SDK as an ES module the app imports on demand inside the mini-program; built
// into public/vendor/ by scripts/build.sh from the pinned npm package.
export { default } from "weixin-js-sdk";
