// eslint for the JavaScript of extension/, www/ and tests/ (flat config;
// run by ./build.sh test from the repository root; the build tools live
// in src/build, beside this file).
import js from "@eslint/js";
import globals from "globals";

// The CSS Custom Highlight API's constructor, not yet in `globals`.
const cssHighlights = { Highlight: "readonly" };

export default [
  { ignores: ["tests/node_modules/**", "tests/out/**", "src/build/node_modules/**", "dist/**", "target/**", "www/pkg/**"] },
  js.configs.recommended,
  {
    // Content scripts are classic scripts; the service worker, popup,
    // options page and export module are ES modules.
    files: ["extension/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { ...globals.browser, ...globals.webextensions, ...globals.serviceworker, ...cssHighlights },
    },
  },
  { files: ["extension/bg.js", "extension/export.js", "extension/popup.js", "extension/options.js"], languageOptions: { sourceType: "module" } },
  {
    files: ["www/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, ...globals.worker, ...cssHighlights } },
  },
  {
    // Test code runs in Node and, inside page.evaluate, in the page.
    files: ["tests/**/*.mjs", "tests/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
];
