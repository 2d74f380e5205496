// Moving between the app's pages without a reload: a page calls navigate(path); the router
// (app.js) hears 'tw:navigate' and shows the page. A module of its own, so the pages do not
// import the router that imports them.
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event('tw:navigate'));
}
