// Checks that a page fits its viewport's width: no sideways scroll of the document, nothing drawn
// past the right edge, and no inner box that scrolls sideways to hide part of its content.
import assert from 'node:assert/strict';

export async function overflowReport(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    // A scrolled box's own content may sit past the edge while the box itself is in view; the box
    // is reported below instead of its content.
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') return true;
      }
      return false;
    };
    const pastEdge = [];
    const scrollers = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!visible(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 1 && box.right > width + 0.5 && !inScroller(el)) pastEdge.push(`${name(el)} ends at ${Math.round(box.right)}`);
      const o = getComputedStyle(el).overflowX;
      if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1) scrollers.push(`${name(el)} scrolls ${el.scrollWidth} in ${el.clientWidth}`);
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, pastEdge: pastEdge.slice(0, 12), scrollers: scrollers.slice(0, 12) };
  });
}

/** Fails with the elements that stick out when the page scrolls sideways. */
export async function assertFits(page, label) {
  const report = await overflowReport(page);
  assert.ok(report.scrollWidth <= report.width,
    `${label}: the page scrolls sideways (scrollWidth ${report.scrollWidth} > innerWidth ${report.width}); past the edge: ${report.pastEdge.join('; ') || 'none found'}`);
  assert.deepEqual(report.pastEdge, [], `${label}: drawn past the right edge`);
  assert.deepEqual(report.scrollers, [], `${label}: a box scrolls sideways inside the page`);
}
