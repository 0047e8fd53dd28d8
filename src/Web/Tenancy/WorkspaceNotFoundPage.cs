using System.Text.Encodings.Web;

namespace TenantSessions.Web.Tenancy;

internal static class WorkspaceNotFoundPage
{
    public static string Render(string host)
    {
        var safeHost = HtmlEncoder.Default.Encode(host);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>No workspace here · TenantSessions</title><link rel="stylesheet" href="/css/site.css"></head>
            <body>
            <header class="topbar"><span class="brand">TenantSessions</span></header>
            <main id="main" class="container">
            <section class="card narrow" aria-labelledby="not-found-title">
            <h1 id="not-found-title">No workspace at <span class="host">{safeHost}</span></h1>
            <p>Check the address: there is no TenantSessions workspace with this name.</p>
            <p class="muted">If your workspace was renamed, ask your administrator for its new address.</p>
            </section>
            </main>
            <footer class="footer">TenantSessions · sessions you can see and end</footer>
            </body></html>
            """;
    }
}
