// n8n loads the files listed under "n8n" in package.json; this entry point only exists so that
// `require('n8n-nodes-mobset')` resolves.
module.exports = {};
