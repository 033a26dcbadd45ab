// Lint config: typescript-eslint's recommended rules on all sources, plus the
// architecture boundary of docs/style.md: the domain folders never import vscode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.vscode-test/',
      'test-results/',
      'bench/corpus/',
      'examples/',
      'test/vscode/workspace/',
      '.lab/',
      '.scratch-cd/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/analysis/**', 'src/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The domain never imports vscode (docs/style.md).' }],
          patterns: ['**/extension/**', '**/server/**', '**/cli/**'],
        },
      ],
    },
  },
  {
    files: ['src/analysis/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'dockerode'],
          patterns: ['**/runtime/**', '**/extension/**', '**/server/**', '**/cli/**', 'vscode-*'],
        },
      ],
    },
  },
  {
    // The PID 1 model is shared by analysis and runtime, so it imports neither (nor any adapter).
    files: ['src/model/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'dockerode'],
          patterns: [
            '**/analysis/**',
            '**/runtime/**',
            '**/extension/**',
            '**/server/**',
            '**/cli/**',
            'vscode-*',
          ],
        },
      ],
    },
  },
  {
    files: ['src/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: ['**/analysis/**', '**/extension/**', '**/server/**', '**/cli/**', 'vscode-*'],
        },
      ],
    },
  },
);
