// node-fetch 2 uses Node's own URL class when it exists (`Url.URL || whatwgUrl.URL`), which it always does in
// VS Code's extension host. This stands in for the `whatwg-url` package so that its 600 KB of Unicode tables
// stay out of the extension bundle.
'use strict';
module.exports = { URL: require('url').URL };
