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
            <body><main class="card narrow">
            <h1>No workspace at {safeHost}</h1>
            <p>Check the address: there is no TenantSessions workspace with this name. If your workspace was renamed, ask your administrator for its new address.</p>
            </main></body></html>
            """;
    }
}
