import { createHash } from 'node:crypto';

/**
 * The two <style> rules React Aria (the console's component library) adds to the page, exactly:
 * no touch delay on pressable elements, and no scroll chaining under a modal on iOS. The CSP
 * allows these texts by their hashes, and no other inline style. A new React Aria that changes
 * them shows up as a CSP violation in the console's browser test.
 */
const REACT_ARIA_STYLES = [
  '@layer {\n  [data-react-aria-pressable] {\n    touch-action: pan-x pan-y pinch-zoom;\n  }\n}',
  '@layer {\n  * {\n    overscroll-behavior: contain;\n  }\n}',
];
const styleHashes = REACT_ARIA_STYLES.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`).join(' ');

/**
 * The Content-Security-Policy of the DPO console: its own scripts, styles, fonts and API calls
 * (same origin) and nothing else. No inline script, no inline style but React Aria's two rules,
 * no eval, no third-party host, no frames, no plugins, no form posts anywhere (the app submits
 * its forms itself), and no one may frame it.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${styleHashes}`,
  "font-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers of every answer under /console, over the ledger's defaults. */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
