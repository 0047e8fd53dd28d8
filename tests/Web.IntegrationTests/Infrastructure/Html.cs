using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

public static class Html
{
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Submits the form matched by <paramref name="formSelector"/> with its hidden fields (antiforgery) and <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(TestClient client, IHtmlDocument page, string formSelector, IDictionary<string, string>? fields = null, string? path = null, string? action = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on the page.");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        action ??= form.GetAttribute("action");
        var request = new HttpRequestMessage(HttpMethod.Post, string.IsNullOrEmpty(action) ? path ?? "/" : action)
        {
            Content = new FormUrlEncodedContent(values),
        };
        return await client.SendAsync(request);
    }
}
