import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// A table that reflows on a narrow screen (.app-table-reflow, application.scss) heads each cell
// with its column's name. Tables whose template does not name each cell (data-label) get the
// names of their column headings here.
for (const table of document.querySelectorAll("table.app-table-reflow")) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.cells].forEach((cell, i) => {
      if (!cell.hasAttribute("data-label") && headings[i]) {
        cell.setAttribute("data-label", headings[i]);
      }
    });
  }
}
