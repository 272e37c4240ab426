// ESLint flat config. The core folders (protocol, modem DSP, firmware-sim) must stay pure:
// no node:* modules, no Buffer or process, no timers, no wall clock and no Math.random.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreFolders = ['protocol/**/*.ts', 'modem/**/*.ts', 'firmware-sim/**/*.ts'];
const coreShellFolders = ['**/io/**', '**/wav/**', '**/shell/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: coreFolders,
    ignores: coreShellFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'net', 'child_process'],
              message: 'Core folders are pure: do I/O in bridge/, server/ or cli/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'Buffer',
          'process',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'clearTimeout',
          'clearInterval',
          'performance',
        ].map((name) => ({
          name,
          message: 'Core folders are pure: inject time and I/O.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject a clock.' },
        { object: 'Math', property: 'random', message: 'Pass a seeded random source.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Inject a clock.',
        },
      ],
    },
  },
);
