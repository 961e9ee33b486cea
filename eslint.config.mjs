// ESLint with typescript-eslint's type-checked rules: what the compiler cannot see (a promise nobody
// awaits, an unused variable, an `any` leaking into a call) fails `npm run lint`, which CI runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'coverage/', '.data/', 'bench/results/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Not yet: `any` reaching a member access, call, argument or return (the no-unsafe-* family) is
      // about 360 findings in apps/libs/tools, nearly all rows of TypeORM's `query(): Promise<any>`; the
      // way out is every statement through libs/db's queryRows<T>/queryOne<T>. Tests read HTTP bodies as any.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // A NATS handler is declared with @Handles(DESCRIPTOR) (libs/common/src/nats/handles.decorator.ts):
      // its subject, payload class and types come from the descriptor, never paired by hand.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/microservices',
              importNames: ['MessagePattern', 'EventPattern', 'Payload'],
              message: 'Declare a NATS handler with @Handles(DESCRIPTOR) from @app/common.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/common/src/nats/handles.decorator.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Test doubles: async fakes without an await and jest's method references are the idiom there.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
