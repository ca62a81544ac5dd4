// The router's redirect of the campaign entry: /app/welcome?utm_... becomes
// /app/ (the query dropped), as an index route's redirect does.
history.replaceState(null, '', '/app/');
