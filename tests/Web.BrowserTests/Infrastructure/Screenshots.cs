namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>
/// Where journeys save their screenshots: <c>TENANTSESSIONS_SCREENSHOTS</c> when set, else <c>artifacts/screenshots</c>
/// at the repository root (next to the test results <c>./test.sh</c> writes).
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Resolve();

    private static string Resolve()
    {
        if (Environment.GetEnvironmentVariable("TENANTSESSIONS_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantSessions.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }

    public static string PathFor(string testClass, string name)
    {
        var folder = Path.Combine(Folder, testClass);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{name}.png");
    }
}
