// Runs before the page paints, as GOV.UK Frontend expects; a file rather than an inline script
// so that the Content-Security-Policy can forbid inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
