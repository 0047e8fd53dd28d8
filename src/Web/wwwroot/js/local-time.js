// Progressive enhancement of <time datetime="…Z"> (WhenTagHelper): the server writes UTC; here a moment is shown in
// the viewer's own time zone, with the UTC value kept in the tooltip. Without JavaScript the UTC text stays.
(() => {
  const local = new Intl.DateTimeFormat(undefined, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  for (const element of document.querySelectorAll("time[datetime][data-utc]")) {
    const moment = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    const utc = element.dataset.utc;
    const here = local.format(moment);
    if (element.hasAttribute("data-absolute")) {
      element.title = `${utc} · ${element.textContent.trim() === utc ? element.title : element.textContent.trim()}`;
      element.textContent = here;
    } else {
      element.title = `${here} (${utc})`;
    }
    element.dataset.local = "true";
  }
})();
