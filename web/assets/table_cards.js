// On a phone, a dashboard table's rows become cards (app.css): each cell then says which column
// it is, in its header's words, so nothing scrolls sideways. Tables are drawn again as data
// arrives, so the labels follow every change under `root`. A table's frame can scroll when the
// table is wider than the screen: it is a focusable, named region, so a keyboard scrolls it too.
export function labelTableCells(root) {
  const label = () => {
    for (const table of root.querySelectorAll('table.data')) {
      const wrap = table.closest('.table-wrap');
      if (wrap && !wrap.hasAttribute('tabindex')) {
        wrap.tabIndex = 0;
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-label', table.caption?.textContent.trim() || 'Table');
      }
      const heads = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent.trim());
      for (const tr of table.querySelectorAll('tbody tr, tfoot tr')) {
        let column = 0;
        for (const cell of tr.children) {
          if (cell.tagName === 'TD' && cell.colSpan === 1 && heads[column]) cell.dataset.label = heads[column];
          column += cell.colSpan;
        }
      }
    }
  };
  label();
  new MutationObserver(label).observe(root, { childList: true, subtree: true });
}
