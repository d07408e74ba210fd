// Two bundles: the extension host (node, `vscode` external) and the report webview (web, CSS extracted to files:
// a strict CSP blocks the <style> tags that style-loader would inject). TypeScript is transpiled by esbuild;
// `npm run typecheck` (tsc --noEmit) checks types.
'use strict';
const path = require('path');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');
const { EsbuildPlugin } = require('esbuild-loader');
const CopyPlugin = require('copy-webpack-plugin');

const tsRule = { test: /\.ts$/, exclude: /node_modules/, loader: 'esbuild-loader', options: { target: 'es2022' } };

/** @type {(env: unknown, argv: {mode?: string}) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  const common = {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    optimization: { minimizer: [new EsbuildPlugin({ target: 'es2022', css: true })] },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
  };
  const extension = {
    ...common,
    name: 'extension',
    target: 'node',
    entry: { extension: './src/extension.ts' },
    // Panel, document, wizard and network code (node-fetch, validators) are chunks loaded on first use (`import()`),
    // so activation parses less.
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      chunkFilename: 'chunks/[name].js',
      libraryTarget: 'commonjs2',
      clean: false,
    },
    // One file per `import()` name (panels, documents, wizard, fetch, validators), no shared vendor chunks.
    optimization: { ...common.optimization, splitChunks: false },
    externals: { vscode: 'commonjs vscode' },
    resolve: { ...common.resolve, alias: { 'whatwg-url': path.resolve(__dirname, 'build/whatwg-url-node.js') } },
    module: { rules: [tsRule] },
  };
  const webview = {
    ...common,
    name: 'webview',
    target: 'web',
    entry: { report: './src/webview/report/main.ts', multi: './src/webview/report/multiMain.ts' },
    output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
    module: {
      rules: [tsRule, { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] }],
    },
    plugins: [
      new MiniCssExtractPlugin({ filename: '[name].css' }),
      new CopyPlugin({
        patterns: [
          { from: 'node_modules/@vscode/codicons/dist/codicon.css', to: 'codicons/' },
          { from: 'node_modules/@vscode/codicons/dist/codicon.ttf', to: 'codicons/' },
        ],
      }),
    ],
  };
  return [extension, webview];
};
