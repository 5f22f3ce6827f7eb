// Loads a module on demand; the CSP forbids evaluating script from strings, so this is the
// one way the app can reach import().
export function importModule(url) {
  return import(url);
}
