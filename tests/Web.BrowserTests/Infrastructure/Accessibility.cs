using System.Text.Json;
using Microsoft.Playwright;

namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>
/// Runs axe-core (npm, pinned in <c>tests/Web.BrowserTests/axe/package-lock.json</c>, installed by <c>./test.sh</c>)
/// in a page and lists its violations. The script is evaluated through the DevTools protocol, so the pages' own
/// Content-Security-Policy stays on.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Web.BrowserTests", "axe", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path) : throw new InvalidOperationException($"axe-core is not installed at {path}: run `npm ci` in tests/Web.BrowserTests/axe (./test.sh does)");
    });

    /// <summary>
    /// "rule-id (impact): n nodes — help" for each violation; empty when the page passes. axe's default rules, plus
    /// <c>target-size</c> (WCAG 2.2 2.5.8, which axe leaves off by default; issue 25 found small radio buttons with it).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Script.Value + "\n;0");
        }

        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } })).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} nodes — ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))");
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantSessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (TenantSessions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
