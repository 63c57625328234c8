// A small inline illustration for Polaris `EmptyState` (its `image` is required), so empty lists render
// without fetching anything from a CDN.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160">
<rect x="33" y="22" width="160" height="116" rx="12" fill="#f1f1f1" stroke="#d4d4d4" stroke-width="2"/>
<rect x="53" y="46" width="84" height="10" rx="5" fill="#c9c9c9"/>
<rect x="53" y="68" width="120" height="8" rx="4" fill="#e1e1e1"/>
<rect x="53" y="86" width="104" height="8" rx="4" fill="#e1e1e1"/>
<rect x="53" y="104" width="64" height="8" rx="4" fill="#e1e1e1"/>
<circle cx="171" cy="51" r="14" fill="#91d0ff"/>
<path d="M165 51h12M171 45v12" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
</svg>`;

export const EMPTY_STATE_IMAGE = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
