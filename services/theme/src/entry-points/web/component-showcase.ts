/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every component of the stylesheet, once. `id` keeps label/input ids unique when shown several times on a page. */
export function componentShowcase(id: string): string {
  const statuses = ['success', 'warning', 'danger', 'info'] as const;
  const alertText: Record<(typeof statuses)[number], string> = {
    success: 'Order SO-1042 confirmed.',
    warning: 'Stock for SKU-77 is below the reorder point.',
    danger: 'Payment for INV-311 failed.',
    info: 'Inventory count scheduled for Friday.',
  };
  return `
<nav class="erp-nav" aria-label="Main">
  <span class="erp-nav__brand">ERP</span>
  <a class="erp-nav__link" href="#${id}" aria-current="page">Dashboard</a>
  <a class="erp-nav__link" href="#${id}">Sales</a>
  <a class="erp-nav__link" href="#${id}">Inventory</a>
  <a class="erp-nav__link" href="#${id}">Employees</a>
</nav>
<div class="erp-demo-body">
  <h3 class="erp-heading erp-heading--brand">Quarterly overview</h3>
  <p>Body text on the page. <span class="erp-muted">Muted text for secondary details.</span> <a class="erp-link" href="#${id}">A link</a>.</p>
  <div class="erp-demo-row">
    <button type="button" class="erp-btn erp-btn--primary">Save order</button>
    <button type="button" class="erp-btn">Cancel</button>
    <button type="button" class="erp-btn erp-btn--danger">Delete</button>
    <button type="button" class="erp-btn" disabled>Disabled</button>
  </div>
  <div class="erp-demo-row">
    <span class="erp-badge">Draft</span>
    ${statuses.map((s) => `<span class="erp-badge erp-badge--${s}">${s[0]!.toUpperCase()}${s.slice(1)}</span>`).join('\n    ')}
  </div>
  ${statuses.map((s) => `<div class="erp-alert erp-alert--${s}" role="${s === 'danger' ? 'alert' : 'status'}"><strong>${s[0]!.toUpperCase()}${s.slice(1)}:</strong> ${alertText[s]}</div>`).join('\n  ')}
  <div class="erp-demo-grid">
    <form class="erp-card" aria-label="Customer form">
      <h4 class="erp-card__title">Customer</h4>
      <div class="erp-field">
        <label class="erp-label" for="${id}-name">Name</label>
        <input class="erp-input" id="${id}-name" placeholder="e.g. Ada Lovelace">
        <span class="erp-hint">As printed on invoices.</span>
      </div>
      <div class="erp-field">
        <label class="erp-label" for="${id}-vat">VAT number</label>
        <input class="erp-input" id="${id}-vat" value="DE-12" aria-invalid="true">
        <span class="erp-hint">Enter 9 digits.</span>
      </div>
      <div class="erp-field">
        <label class="erp-label" for="${id}-terms">Payment terms</label>
        <select class="erp-select" id="${id}-terms"><option>30 days</option><option>60 days</option></select>
      </div>
      <label><input type="checkbox" class="erp-check" checked> Send invoices by e-mail</label>
    </form>
    <div class="erp-card">
      <h4 class="erp-card__title">Revenue by region</h4>
      <p class="erp-muted">Last six months</p>
      <div class="erp-chart" role="img" aria-label="Bar chart of six series">
        ${[70, 45, 90, 60, 35, 80].map((h, i) => `<div class="erp-chart__bar erp-chart__bar--${i + 1}" style="height:${h}%"></div>`).join('')}
      </div>
    </div>
  </div>
  <table class="erp-table">
    <thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col" class="erp-num">Total</th></tr></thead>
    <tbody>
      <tr><td>SO-1042</td><td>Lovelace Ltd</td><td><span class="erp-badge erp-badge--success">Paid</span></td><td class="erp-num">1,250.00</td></tr>
      <tr aria-selected="true"><td>SO-1043</td><td>Babbage &amp; Co</td><td><span class="erp-badge erp-badge--warning">Due</span></td><td class="erp-num">980.50</td></tr>
      <tr><td>SO-1044</td><td>Hopper GmbH</td><td><span class="erp-badge">Draft</span></td><td class="erp-num">42.00</td></tr>
    </tbody>
  </table>
</div>`;
}
