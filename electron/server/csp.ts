/**
 * The renderer's Content-Security-Policy, the same in the desktop shell (meta tag and response
 * header) and in browser mode: only the app's own scripts and styles, no eval, no remote origins.
 */
/**
 * The exact inline styles plotly.js writes, allowed by their hashes (nothing else inline is): an
 * empty <style> it fills through the CSSOM, the map library's fixed stylesheet, an empty style
 * attribute and its "image-rendering: pixelated" test for heatmaps. A new plotly.js that writes
 * other ones shows up in tests/e2e/console.test.ts as a violation, never silently.
 */
const EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
const MAPLIBRE_CSS = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='";
const IMAGE_RENDERING = "'sha256-AR/cKIZjWPcPmBUPDA6oti9XBiTbJvz0Cro2J1VzzS8='";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${EMPTY} ${MAPLIBRE_CSS}`,
  `style-src-attr 'unsafe-hashes' ${EMPTY} ${IMAGE_RENDERING}`,
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
