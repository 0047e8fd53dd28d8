using System.Diagnostics;
using Xunit.Abstractions;

namespace TenantSessions.Web.ContractTests;

/// <summary>
/// Runs <c>client/contract.mjs</c>: Better Auth's official client (npm <c>better-auth</c>, version pinned in
/// <c>client/package-lock.json</c>, installed by <c>./test.sh</c> with <c>npm ci</c>) with <c>adminClient</c> and
/// <c>customSessionClient</c>, driven from Node against this app on a workspace host. Each step is printed.
/// </summary>
public sealed class BetterAuthClientContractTests(KestrelAppFixture app, ITestOutputHelper output) : IClassFixture<KestrelAppFixture>
{
    [Fact]
    public async Task BetterAuthsOfficialClientWorksUnchangedAgainstAWorkspace()
    {
        var client = ClientDirectory();
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules", "better-auth")),
            $"better-auth is not installed: run `npm ci` in {client} (./test.sh does)");
        var start = new ProcessStartInfo("node", "contract.mjs")
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TENANTSESSIONS_PORT"] = app.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(timeout.Token);

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"node contract.mjs exited with {node.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("13 steps passed", await stdout, StringComparison.Ordinal);
    }

    private static string ClientDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantSessions.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Web.ContractTests", "client");
            }
        }

        throw new InvalidOperationException("The repository root (TenantSessions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
