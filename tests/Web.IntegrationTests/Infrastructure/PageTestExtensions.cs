using System.Net;
using AngleSharp.Html.Dom;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>Opening pages and posting their forms the way a browser does (antiforgery token included).</summary>
public static class PageTestExtensions
{
    public static async Task<IHtmlDocument> PageAsync(this TestClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: expected 200, got {(int)response.StatusCode} {response.Headers.Location}");
        return await Html.ParseAsync(response);
    }

    public static Task<HttpResponseMessage> SubmitAsync(this TestClient client, IHtmlDocument page, string formSelector, IDictionary<string, string>? fields = null) =>
        Html.SubmitAsync(client, page, formSelector, fields);

    /// <summary>Submits a form and follows its redirect (post/redirect/get), returning the page it lands on.</summary>
    public static async Task<IHtmlDocument> SubmitAndFollowAsync(this TestClient client, IHtmlDocument page, string formSelector, IDictionary<string, string>? fields = null)
    {
        var response = await client.SubmitAsync(page, formSelector, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {Text(await Html.ParseAsync(response), "main")}");
        return await client.PageAsync(response.Headers.Location!.OriginalString);
    }

    public static string? Location(this HttpResponseMessage response) => response.Headers.Location?.OriginalString;

    public static string Text(this IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? "";

    public static IReadOnlyList<string> Texts(this IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();

    /// <summary>The ids of the sessions listed as rows (<c>data-session-id</c>) in the table matched by <paramref name="tableSelector"/>.</summary>
    public static IReadOnlyList<Guid> SessionIds(this IHtmlDocument page, string tableSelector = "[data-testid=live-sessions]") =>
        page.QuerySelectorAll($"{tableSelector} tr[data-session-id]").Select(r => Guid.Parse(r.GetAttribute("data-session-id")!)).ToList();

    public static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);
}
