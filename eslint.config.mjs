// `make lint` checks the review desk's browser scripts with ESLint (run through npx, pinned in
// the Makefile). Rules are listed here rather than imported, so no package needs installing.
export default [
  {
    files: ["pipeline/desk/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        window: "readonly",
        document: "readonly",
        fetch: "readonly",
        CSS: "readonly",
        URLSearchParams: "readonly",
      },
    },
    rules: {
      "no-undef": "error",
      "no-unused-vars": "error",
      "no-unreachable": "error",
      "no-dupe-keys": "error",
      "no-redeclare": "error",
      "no-shadow": "error",
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: "error",
      curly: "error",
      strict: ["error", "global"],
      "no-implicit-globals": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "set textContent: text from the run or an editor is never HTML" },
        { property: "outerHTML", message: "set textContent: text from the run or an editor is never HTML" },
      ],
    },
  },
];
