// The deployed Worker's origin; also in the mini-program's business domain list.
module.exports = { ORIGIN: "https://getima.example.org" };
