// Getima's WeChat mini-program shell: everything runs in the web-view page.
App({});
