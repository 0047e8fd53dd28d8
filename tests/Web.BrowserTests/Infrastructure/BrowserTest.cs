using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser journey: a clean, seeded database and a fresh browser profile (no cookies) per test.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserAppFixture app) : IAsyncLifetime
{
    public const string DemoPassword = DatabaseInitializer.DemoPassword;

    private IBrowserContext? _context;
    private IPage? _page;

    protected BrowserAppFixture App { get; } = app;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        _context = await App.NewContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>Saves a full-page PNG as <c>{TestClass}/{TestMethod}-{name}.png</c> in <see cref="Screenshots.Folder"/>.</summary>
    protected Task ScreenshotAsync(string name, [CallerMemberName] string test = "") =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(GetType().Name, $"{test}-{name}"), FullPage = true });

    /// <summary>
    /// The page as it is now, at 1280 px and at 390 px (a phone), in the light and the dark colour scheme
    /// (<c>prefers-color-scheme</c>): a screenshot of each (<c>{name}-desktop</c>, <c>{name}-390</c>,
    /// <c>{name}-desktop-dark</c>, <c>{name}-390-dark</c>) and axe-core finds no violation in any of them.
    /// </summary>
    protected async Task CheckBothSizesAsync(string name, IPage? page = null, [CallerMemberName] string test = "")
    {
        page ??= Page;
        var original = page.ViewportSize ?? new PageViewportSizeResult { Width = 1280, Height = 800 };
        foreach (var (scheme, schemeSuffix) in new[] { (ColorScheme.Light, ""), (ColorScheme.Dark, "-dark") })
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            foreach (var (suffix, width, height) in new[] { ("desktop", 1280, 800), ("390", 390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(GetType().Name, $"{test}-{name}-{suffix}{schemeSuffix}"), FullPage = true });
                var violations = await Accessibility.ViolationsAsync(page);
                Assert.True(violations.Count == 0, $"axe-core at {width} px, {scheme} scheme, on {page.Url}:\n" + string.Join("\n", violations));
            }
        }

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    /// <summary>
    /// A page seen without JavaScript: screenshots of it at 1280 and 390 px, and axe-core (which needs JavaScript) run on
    /// the very same markup served at the same address to a page that has it, so styles and fonts load as they do.
    /// </summary>
    protected async Task CheckWithoutJavaScriptAsync(string name, IPage noScript, [CallerMemberName] string test = "")
    {
        foreach (var (suffix, width, height) in new[] { ("desktop", 1280, 800), ("390", 390, 844) })
        {
            await noScript.SetViewportSizeAsync(width, height);
            await noScript.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(GetType().Name, $"{test}-{name}-{suffix}"), FullPage = true });
        }

        await noScript.SetViewportSizeAsync(1280, 800);
        var html = await noScript.ContentAsync();
        await using var withScript = await App.NewContextAsync();
        var copy = await withScript.NewPageAsync();
        await copy.RouteAsync(noScript.Url, route => route.FulfillAsync(new RouteFulfillOptions { Body = html, ContentType = "text/html; charset=utf-8" }));
        await copy.GotoAsync(noScript.Url);
        await CheckBothSizesAsync($"{name}-axe", copy, test);
    }

    /// <summary>Fills and submits the sign-in form of a workspace the way a person does.</summary>
    protected async Task SignInAsync(string slug, string email, string password = DemoPassword)
    {
        await Page.GotoAsync(App.Url(slug, "/sign-in"));
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
