// Generates docs/js-api.md, the JavaScript / TypeScript API reference, from the declarations the
// npm package ships (target/npm/logto-wasm/{index,logto_wasm}.d.ts), with the TypeScript compiler API.
//
//   node npm/api-docs.mjs           # writes docs/js-api.md
//   node npm/api-docs.mjs --check   # exits 1 when docs/js-api.md is not what it would write
//
// tests/npm/package.test.mjs runs the check.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = path.resolve(ROOT, process.env.NPM_PACKAGE_DIR ?? 'target/npm/logto-wasm');
const OUT = path.join(ROOT, 'docs/js-api.md');

/** Declarations that are wasm-bindgen plumbing, not API. */
const INTERNAL = new Set(['InitOutput']);
/** Member order in the reference (wasm-bindgen sorts them by name): the order of an app's flow. */
const MEMBER_ORDER = [
  'signIn', 'getSignInUrl', 'signInSilently', 'signInWithPopup', 'isSignInRedirected', 'handleSignInCallback', 'isAuthenticated', 'getIdToken',
  'getIdTokenClaims', 'getAccessToken', 'getAccessTokenClaims', 'getOrganizationToken', 'getOrganizationTokenClaims',
  'fetchUserInfo', 'createDpopProof', 'getRefreshToken', 'getSessionRenewal', 'clearAccessToken', 'clearAllTokens', 'signOut',
  'code', 'message', 'name', 'error', 'errorDescription', 'toString',
];
/** Members wasm-bindgen adds without documentation. */
const DEFAULT_DOCS = {
  free: 'Releases the object\'s WebAssembly memory now (the garbage collector does it otherwise). Do not use the object afterwards.',
};

function parse(file, text) {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The JSDoc of a node as Markdown (tags such as @deprecated kept as text). */
function docOf(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return docs.map((d) => {
    const comment = typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join('');
    const tags = (d.tags ?? [])
      .filter((t) => !['param', 'returns'].includes(t.tagName.text))
      .map((t) => `*@${t.tagName.text}* ${typeof t.comment === 'string' ? t.comment : ''}`.trim());
    return [comment.trim(), ...tags].filter(Boolean).join(' ');
  }).join(' ').replace(/\s*\n\s*/g, ' ').trim();
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const print = (node, sf) => printer.printNode(ts.EmitHint.Unspecified, node, sf).replace(/\s+/g, ' ').trim();
const cell = (s) => s.replace(/\|/g, '\\|');

function memberName(member) {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  return member.name ? member.name.getText() : '';
}

function renderClass(node, sf) {
  const name = node.name.text;
  const lines = [`### \`class ${name}\``, '', docOf(node), ''];
  const rank = (m) => {
    const n = memberName(m);
    if (n === 'constructor') return -2;
    if (n === 'free') return 1000;
    const i = MEMBER_ORDER.indexOf(n);
    return i === -1 ? (ts.isPropertyDeclaration(m) || ts.isGetAccessor(m) ? -1 : 999) : i;
  };
  const members = [...node.members].sort((a, b) => rank(a) - rank(b));
  const rows = [];
  for (const m of members) {
    const mname = memberName(m);
    if (mname.startsWith('[')) continue;
    if (ts.isConstructorDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) {
      rows.push([`*(no constructor)*`, `Instances come from the SDK; \`new ${name}()\` is a type error.`]);
      continue;
    }
    let signature = print(m, sf).replace(/;$/, '');
    if (ts.isConstructorDeclaration(m)) signature = `new ${name}${signature.replace(/^constructor/, '')}`;
    rows.push([`\`${cell(signature)}\``, cell(docOf(m) || DEFAULT_DOCS[mname] || '')]);
  }
  lines.push('| member | description |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`), '');
  return lines.join('\n');
}

function renderInterface(node, sf) {
  const name = node.name.text;
  const heritage = node.heritageClauses ? ` ${node.heritageClauses.map((h) => h.getText()).join(' ')}` : '';
  const lines = [`### \`interface ${name}${heritage}\``, '', docOf(node), ''];
  if (node.members.length === 0) return lines.join('\n');
  lines.push('| property | type | description |', '|---|---|---|');
  for (const m of node.members) {
    if (ts.isIndexSignatureDeclaration(m)) {
      lines.push(`| \`[${m.parameters[0].name.getText()}: string]\` | \`${cell(m.type.getText())}\` | Any other claim. |`);
    } else if (ts.isPropertySignature(m)) {
      const optional = m.questionToken ? '?' : '';
      lines.push(`| \`${m.name.getText()}${optional}\` | \`${cell(m.type.getText().replace(/\s+/g, ' '))}\` | ${cell(docOf(m))} |`);
    } else if (ts.isMethodSignature(m)) {
      lines.push(`| \`${cell(print(m, sf).replace(/;$/, ''))}\` | method | ${cell(docOf(m))} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

function renderTypeAlias(node, sf) {
  // The declaration as written (its line breaks), without the JSDoc and `export`.
  const text = node.getText(sf).replace(/^export /, '');
  return [`### \`${node.name.text}\``, '', docOf(node), '', '```ts', text, '```', ''].join('\n');
}

function renderFunction(node, sf) {
  return [`### \`${node.name.text}()\``, '', docOf(node), '', '```ts', print(node, sf).replace(/^export (default )?(declare )?/, ''), '```', ''].join('\n');
}

/** A constant (`export declare const X: { ... }`): its members and values, then its type alias if any. */
function renderConst(node, sf, alias) {
  const decl = node.declarationList.declarations[0];
  const name = decl.name.getText(sf);
  const lines = [`### \`${name}\``, '', docOf(node), ''];
  if (decl.type && ts.isTypeLiteralNode(decl.type)) {
    lines.push('| member | value | description |', '|---|---|---|');
    for (const m of decl.type.members) lines.push(`| \`${name}.${m.name.getText(sf)}\` | \`${cell(m.type.getText(sf))}\` | ${cell(docOf(m))} |`);
  } else {
    lines.push('```ts', `const ${name}: ${decl.type.getText(sf)};`, '```');
  }
  if (alias) lines.push('', docOf(alias), '', '```ts', alias.getText(sf).replace(/^export /, ''), '```');
  lines.push('');
  return lines.join('\n');
}

export async function generate() {
  const index = parse('index.d.ts', await readFile(path.join(PACKAGE_DIR, 'index.d.ts'), 'utf8'));
  const glue = parse('logto_wasm.d.ts', await readFile(path.join(PACKAGE_DIR, 'logto_wasm.d.ts'), 'utf8'));
  const localNames = new Set(index.statements.filter((s) => s.name).map((s) => s.name.text));
  const constNames = new Set(index.statements.filter(ts.isVariableStatement).map((s) => s.declarationList.declarations[0].name.getText(index)));

  const sections = { functions: [], classes: [], config: [], signIn: [], claims: [], errors: [], loading: [], constants: [] };
  for (const s of index.statements) {
    if (ts.isFunctionDeclaration(s)) sections[/^init/.test(s.name.text) ? 'functions' : 'constants'].push(renderFunction(s, index));
    else if (ts.isVariableStatement(s)) {
      const name = s.declarationList.declarations[0].name.getText(index);
      const alias = index.statements.find((a) => ts.isTypeAliasDeclaration(a) && a.name.text === name);
      sections.constants.push(renderConst(s, index, alias));
    } else if (ts.isTypeAliasDeclaration(s) && !constNames.has(s.name.text)) sections.loading.push(renderTypeAlias(s, index));
  }
  const classOrder = ['LogtoClient', 'LogtoError'];
  const classes = glue.statements.filter(ts.isClassDeclaration).sort((a, b) => classOrder.indexOf(a.name.text) - classOrder.indexOf(b.name.text));
  for (const c of classes) sections.classes.push(renderClass(c, glue));
  const bucket = (name) => {
    if (/Error/.test(name)) return 'errors';
    if (/Claims|UserInfo|Address/.test(name)) return 'claims';
    if (/SignIn|SignOut|FirstScreen|InteractionMode|DirectSignIn/.test(name)) return 'signIn';
    return 'config';
  };
  for (const s of glue.statements) {
    if (!s.name || INTERNAL.has(s.name.text) || localNames.has(s.name.text)) continue;
    if (ts.isInterfaceDeclaration(s)) sections[bucket(s.name.text)].push(renderInterface(s, glue));
    else if (ts.isTypeAliasDeclaration(s)) sections[bucket(s.name.text)].push(renderTypeAlias(s, glue));
  }

  const pkg = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  return [
    '# JavaScript / TypeScript API reference',
    '',
    `<!-- Generated by \`node npm/api-docs.mjs\` from the declarations of the npm package (${pkg.name} ${pkg.version}); do not edit. -->`,
    '',
    `Everything below is exported by \`${pkg.name}\` (\`import LogtoClient, { LogtoError, UserScope } from '${pkg.name}'\`: \`LogtoClient\` is also the default export;`,
    'types with `import type`). The declarations are generated from `src/js/` (wasm-bindgen) and `npm/index.d.ts`.',
    'Guides: [the package README](../npm/README.md), [bundlers](bundlers.md), [migrating from `@logto/browser`](../MIGRATION.md).',
    '',
    '## Loading the WebAssembly module',
    '',
    ...sections.functions, ...sections.loading,
    '## Classes',
    '',
    ...sections.classes,
    '## Constants',
    '',
    'Plain JavaScript values, usable before the WebAssembly module is loaded (and on a server).',
    '',
    ...sections.constants,
    '## Configuration',
    '',
    ...sections.config,
    '## Sign-in and sign-out options',
    '',
    ...sections.signIn,
    '## Claims and userinfo',
    '',
    ...sections.claims,
    '## Errors',
    '',
    ...sections.errors,
  ].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const markdown = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(OUT, 'utf8').catch(() => '');
    if (current !== markdown) {
      console.error(`${path.relative(ROOT, OUT)} is out of date: run node npm/api-docs.mjs`);
      process.exit(1);
    }
    console.log(`${path.relative(ROOT, OUT)} is up to date`);
  } else {
    await writeFile(OUT, markdown);
    console.log(`wrote ${path.relative(ROOT, OUT)}`);
  }
}
