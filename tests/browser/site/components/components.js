// The test page's own web components (no library: what Lit, Stencil or
// Shoelace leave in the DOM): content rendered into open shadow roots.
// <tour-card> renders at once (a gated section, a slot, a form of the config); window.defineExtra() defines <tour-extra>
// later, the way a lazily loaded component renders after the widget started.
customElements.define('tour-card', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML =
      '<h2>How scoring works</h2>' +
      '<section data-leadscore-gate="members" id="deep"><p>The members\' deep dive.</p></section>' +
      '<div data-leadscore-slot="tour-end" id="slot"></div>' +
      '<form data-leadscore-form="signup" id="signup"><label>Email <input name="email" type="email"></label> <button type="submit">Join</button></form>';
  }
});

window.defineExtra = () => customElements.define('tour-extra', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    // Rendered a task later, as a framework's scheduler does.
    setTimeout(() => {
      root.innerHTML = '<section data-leadscore-gate="members" id="more"><p>More for members.</p></section>' +
        '<div data-leadscore-slot="extra-end" id="extra-slot"></div>';
    });
  }
});
