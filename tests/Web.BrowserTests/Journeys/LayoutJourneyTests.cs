using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 25's "layouts that hold": the pages that overflowed or wrapped (pending invitations, the security page, the
/// session tables, the platform history of one person) seen as bob, alice and root at 390, 640, 760 and 1280 px. Nothing
/// scrolls sideways, no table scrolls inside its card, a session table's dates and lines stay on one line at 1280 px,
/// the platform history is paged with repeats folded into one row, and axe-core finds nothing at any of those sizes.
/// </summary>
public sealed class LayoutJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private static readonly int[] Widths = [390, 640, 760, 1280];

    private const string Safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0";
    private const string Firefox = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";

    /// <summary>How far the page and each table scroll sideways, and which session-table lines take more than one line.</summary>
    private const string Measure = """
        () => {
          const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
          const tables = [...document.querySelectorAll('.table-wrap')].map(t => t.scrollWidth - t.clientWidth).filter(d => d > 0);
          const lineHeight = el => parseFloat(getComputedStyle(el).lineHeight) || 24;
          const wrapped = [...document.querySelectorAll('table.sessions time, table.sessions .line, table.sessions .nowrap')]
            .filter(el => el.getBoundingClientRect().height > lineHeight(el) * 1.5 || (el.tagName === 'TIME' && el.getClientRects().length > 1))
            .map(el => el.textContent.trim().replace(/\s+/g, ' '));
          const rows = [...document.querySelectorAll('table.sessions tbody tr')].map(r => Math.round(r.getBoundingClientRect().height));
          return JSON.stringify({ page, tables, wrapped, tallest: rows.length ? Math.max(...rows) : 0 });
        }
        """;

    private int _checks;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed class Layout
    {
        public int Page { get; set; }

        public int[] Tables { get; set; } = [];

        public string[] Wrapped { get; set; } = [];

        public int Tallest { get; set; }
    }

    [BrowserFact]
    public async Task TheAffectedPagesHoldAtEveryWidthAsBobAliceAndRoot()
    {
        var devices = new List<IBrowserContext>();
        foreach (var agent in new[] { Safari, Edge, Firefox })
        {
            var device = await App.Browser.NewContextAsync(new() { UserAgent = agent });
            devices.Add(device);
            await SignInOnAsync(await device.NewPageAsync(), "acme", "bob@acme.test");
        }

        await devices[2].Pages[0].GetByTestId("sign-out").ClickAsync();
        await Expect(devices[2].Pages[0]).ToHaveURLAsync(new Regex("/sign-in"));

        await SignInOnAsync(Page, "acme", "bob@acme.test");
        foreach (var path in new[] { "/account/security", "/account/passkeys", "/account/two-factor" })
        {
            await CheckAtEveryWidthAsync(App.Url("acme", path));
        }

        await Page.Context.ClearCookiesAsync();
        await SignInOnAsync(Page, "acme", "alice@acme.test");
        foreach (var email in new[] { "someone.with.a.rather.long.address@example-company.test", "dave@example.test" })
        {
            await Page.GotoAsync(App.Url("acme", "/admin/invitations"));
            await Page.GetByRole(AriaRole.Textbox, new() { Name = "E-mail" }).FillAsync(email);
            await Page.GetByTestId("send-invitation").ClickAsync();
            await Expect(Page.GetByTestId("flash")).ToContainTextAsync(email);
        }

        await Expect(Page.GetByTestId("invitations").Locator("tbody tr")).ToHaveCountAsync(2);
        await CheckAtEveryWidthAsync(Page.Url);
        await Page.GetByTestId("invitations").Locator("summary").First.ClickAsync();
        await Expect(Page.GetByTestId("confirm-cancel").First).ToBeVisibleAsync();
        await CheckAtEveryWidthAsync(Page.Url, reload: false);

        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await Expect(Page.GetByTestId("live-sessions").GetByTestId("session-row")).ToHaveCountAsync(3);
        await CheckAtEveryWidthAsync(Page.Url);
        await CheckAtEveryWidthAsync(App.Url("acme", "/admin/settings"));

        await Page.Context.ClearCookiesAsync();
        await SignInOnAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/users?q=bob"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await Expect(Page.GetByTestId("ended-sessions").GetByTestId("ended-row")).ToHaveCountAsync(1);
        await CheckAtEveryWidthAsync(Page.Url);

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }
    }

    [BrowserFact]
    public async Task ThePlatformHistoryOfOnePersonIsPagedAndIdenticalEndingsAreOneRow()
    {
        // Twelve sign-ins ended one after the other from two browsers in turn, then three from a third one in a row.
        var browsers = new Dictionary<string, IPage>();
        foreach (var agent in new[] { Safari, Edge, Firefox })
        {
            var context = await App.Browser.NewContextAsync(new() { UserAgent = agent });
            browsers[agent] = await context.NewPageAsync();
            await browsers[agent].GotoAsync(App.Url("acme", "/sign-in"));
        }

        foreach (var agent in Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? Safari : Edge).Concat([Firefox, Firefox, Firefox]))
        {
            var statuses = await browsers[agent].EvaluateAsync<int[]>(
                """
                async password => {
                  const signIn = await fetch('/api/auth/sign-in/email', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'bob@acme.test', password }) });
                  const signOut = await fetch('/api/auth/sign-out', { method: 'POST' });
                  return [signIn.status, signOut.status];
                }
                """,
                DemoPassword);
            Assert.Equal([200, 200], statuses);
        }

        foreach (var page in browsers.Values)
        {
            await page.Context.DisposeAsync();
        }

        await SignInOnAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/users?q=bob"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        var rows = Page.GetByTestId("ended-sessions").GetByTestId("ended-row");

        // Newest first: the three Firefox endings are one row, then ten of the twelve that alternate.
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(rows.First).ToHaveAttributeAsync("data-count", "3");
        await Expect(rows.First.GetByTestId("repeats")).ToContainTextAsync("3 times, since");
        await Expect(rows.First).ToContainTextAsync("Firefox");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-count", "1");
        await Expect(rows.Nth(1).GetByTestId("repeats")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("history-page")).ToHaveTextAsync("Page 1 of 2");
        await Expect(Page.GetByTestId("history-previous")).ToHaveCountAsync(0);
        await CheckAtEveryWidthAsync(Page.Url);

        await Page.GetByTestId("history-next").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"\?history=2#ended-title$"));
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(Page.GetByTestId("history-page")).ToHaveTextAsync("Page 2 of 2");
        await Expect(Page.GetByTestId("history-next")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("history-previous")).ToHaveAttributeAsync("rel", "prev");
        await CheckAtEveryWidthAsync(Page.Url);

        // A page past the end shows the last one; a malformed one the first.
        await Page.GotoAsync(Page.Url.Split('?')[0] + "?history=99");
        await Expect(Page.GetByTestId("history-page")).ToHaveTextAsync("Page 2 of 2");
        await Page.GotoAsync(Page.Url.Split('?')[0] + "?history=abc");
        await Expect(Page.GetByTestId("history-page")).ToHaveTextAsync("Page 1 of 2");
    }

    /// <summary>The page at 390, 640, 760 and 1280 px: no sideways scroll anywhere, one-line session cells at 1280 px, axe at zero.</summary>
    private async Task CheckAtEveryWidthAsync(string url, bool reload = true, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        _checks++;
        if (reload)
        {
            await Page.GotoAsync(url);
        }

        foreach (var width in Widths)
        {
            await Page.SetViewportSizeAsync(width, 900);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(GetType().Name, $"{test}-{_checks}-{width}"), FullPage = true });
            var layout = System.Text.Json.JsonSerializer.Deserialize<Layout>(await Page.EvaluateAsync<string>(Measure), Json)!;
            Assert.True(layout.Page <= 0, $"{url} scrolls sideways by {layout.Page} px at {width} px");
            Assert.True(layout.Tables.Length == 0, $"a table on {url} scrolls inside its card at {width} px by {string.Join(", ", layout.Tables)} px");
            if (width == 1280)
            {
                Assert.True(layout.Wrapped.Length == 0, $"on {url} at 1280 px these session-table lines wrap: {string.Join(" | ", layout.Wrapped)}");
                Assert.True(layout.Tallest <= 72, $"a session row on {url} is {layout.Tallest} px tall at 1280 px: more than its two lines");
            }

            var violations = await Accessibility.ViolationsAsync(Page);
            Assert.True(violations.Count == 0, $"axe-core at {width} px on {url}:\n" + string.Join("\n", violations));
        }

        await Page.SetViewportSizeAsync(1280, 800);
    }

    private async Task SignInOnAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }
}
