import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import prettier from "eslint-config-prettier";
import layers from "./lint/layers.js";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "public/build/**",
      ".cache/**",
      "test/.tmp/**",
      "artifacts/**",
      ".stryker-tmp/**",
      "reports/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The app's layers and its one import style (see lint/layers.js).
    files: ["app/**/*.{ts,tsx,js,mjs}", "test/**/*.{ts,tsx,js,mjs}"],
    plugins: { layers },
    rules: {
      "layers/layers": "error",
      "layers/no-folder-cycle": "error",
      "layers/import-style": "error",
    },
  },
  prettier,
);
