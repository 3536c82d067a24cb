/* Demo page controls: every change goes through window.ErpTheme.apply — no reload. */
(() => {
  'use strict';
  const form = document.getElementById('theme-controls');
  const status = document.getElementById('current-theme');
  const read = () => ({
    variant: form.elements.variant.value,
    mode: form.elements.mode.value,
    schedule: { lightFrom: form.elements.lightFrom.value, darkFrom: form.elements.darkFrom.value },
  });
  const show = (state) => {
    if (state) status.textContent = `${state.key} (${state.preference})`;
  };
  form.addEventListener('change', () => window.ErpTheme.apply(read()));
  form.addEventListener('submit', (event) => event.preventDefault());
  document.addEventListener('erp-theme-change', (event) => show(event.detail));
  window.ErpTheme.ready.then(show);
})();
