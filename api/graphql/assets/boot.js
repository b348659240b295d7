// Starts GraphiQL against this service's /graphql. A file of its own, not an inline script, so the
// page's Content-Security-Policy can forbid inline scripts.
(function () {
  var endpoint = new URL('graphql', document.baseURI).toString();
  var example = [
    '# The municipalities, their pledges, focus areas and activities.',
    '# Ctrl-Enter runs the query; the Docs panel describes every type and field.',
    '{',
    '  municipalities(first: 10) {',
    '    totalCount',
    '    pageInfo { hasNextPage endCursor }',
    '    edges { node { id name code',
    '      pledges(first: 10) { edges { node { id title periodStart periodEnd',
    '        focusAreas(first: 10) { edges { node { id title themes { code labelSv labelEn }',
    '          activities(first: 20) { edges { node { id title status statusHistory { status effectiveOn } } } } } } }',
    '        sources { id title } } } } } }',
    '  }',
    '}',
    ''
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      defaultQuery: example,
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: false
    })
  );
})();
